package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertBadRequest;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Outbox;
import dev.vigil.support.Outbox.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class ProfileUpdateTest {

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void partialUpdateChangesOnlyTheFieldsSent() {
        String token = accessToken(registered());
        patch(token, """
                {"display_name": "Grace Hopper", "timezone": "Europe/Berlin", "phone": "+14155550123"}
                """).then().statusCode(200)
                .body("display_name", equalTo("Grace Hopper"))
                .body("timezone", equalTo("Europe/Berlin"))
                .body("phone", equalTo("+14155550123"));
        JsonPath before = me(token);

        patch(token, """
                {"timezone": "America/New_York"}
                """).then().statusCode(200)
                .body("timezone", equalTo("America/New_York"));

        JsonPath after = me(token);
        assertEquals("America/New_York", after.getString("timezone"));
        for (String unchanged : List.of("display_name", "phone", "preferred_contact_method", "email", "pending_email",
                "email_verified", "username", "account.auto_renewal", "account.account_status")) {
            assertEquals(before.getString(unchanged), after.getString(unchanged), unchanged);
        }
    }

    @Test
    void nullClearsDisplayNameAndPhone() {
        String token = accessToken(registered());
        patch(token, """
                {"display_name": "Grace Hopper", "phone": "+14155550123"}
                """).then().statusCode(200);

        patch(token, """
                {"display_name": null, "phone": null}
                """).then().statusCode(200)
                .body("display_name", equalTo(null))
                .body("phone", equalTo(null));

        JsonPath after = me(token);
        assertNull(after.get("display_name"));
        assertNull(after.get("phone"));
    }

    @Test
    void changeMovesUpdatedAt() {
        String token = accessToken(registered());
        JsonPath before = me(token);
        Instant updatedBefore = Instant.parse(before.getString("updated_at"));

        clock.advance(Duration.ofMinutes(1));
        patch(token, """
                {"display_name": "Later"}
                """).then().statusCode(200);

        JsonPath after = me(token);
        Instant updatedAfter = Instant.parse(after.getString("updated_at"));
        assertFalse(updatedAfter.isBefore(updatedBefore.plus(Duration.ofMinutes(1))), before.getString("updated_at")
                + " -> " + after.getString("updated_at"));
        assertEquals(before.getString("created_at"), after.getString("created_at"));
    }

    @Test
    void readOnlyFieldsAreRefusedAndNothingChanges() {
        TestUser user = registered();
        String token = accessToken(user);
        JsonPath before = me(token);

        assertProblem(patch(token, """
                {"display_name": "Mallory", "timezone": "Asia/Tokyo",
                 "username": "mallory", "id": "00000000-0000-0000-0000-000000000001",
                 "email_verified": true, "roles": ["user", "admin"],
                 "account": {"auto_renewal": true, "subscription_type": "premium"}}
                """), 400, "validation-failed")
                .body("errors.field", hasItems("username", "id", "email_verified", "roles", "account.subscription_type"));

        JsonPath after = me(token);
        assertEquals(before.getMap(""), after.getMap(""));
        assertEquals(List.of("user"), after.getList("roles"));
        assertEquals("free", after.getString("account.subscription_type"));
        assertEquals(0L, Outbox.count(dataSource, user.username(), "profile-changed"));
    }

    @Test
    void unknownFieldIsRefusedNamingIt() {
        String token = accessToken(registered());
        JsonPath before = me(token);

        assertProblem(patch(token, """
                {"display_name": "Grace", "favourite_colour": "teal"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("favourite_colour"));

        assertEquals(before.getMap(""), me(token).getMap(""));
    }

    @Test
    void unknownAccountFieldIsRefusedNamingIt() {
        String token = accessToken(registered());
        JsonPath before = me(token);

        assertProblem(patch(token, """
                {"account": {"auto_renewal": true, "discount": 100}}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("account.discount"));

        assertEquals(before.getMap(""), me(token).getMap(""));
    }

    @Test
    void timezoneThatIsNotAStringIs400() {
        String token = accessToken(registered());

        assertBadRequest(patch(token, """
                {"timezone": 5}
                """));

        assertEquals("UTC", me(token).getString("timezone"));
    }

    @Test
    void autoRenewalThatIsNotABooleanIs400() {
        String token = accessToken(registered());

        assertBadRequest(patch(token, """
                {"account": {"auto_renewal": "yes"}}
                """));

        assertEquals(false, me(token).getBoolean("account.auto_renewal"));
    }

    @Test
    void unknownTimezoneIsRefusedNamingIt() {
        String token = accessToken(registered());

        assertProblem(patch(token, """
                {"timezone": "Atlantis/Capital"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("timezone"));

        assertEquals("UTC", me(token).getString("timezone"));
    }

    @Test
    void phoneNotInE164IsRefusedNamingIt() {
        String token = accessToken(registered());

        assertProblem(patch(token, """
                {"phone": "call me maybe"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("phone"));

        assertNull(me(token).get("phone"));
    }

    @Test
    void unknownContactMethodIsRefusedNamingIt() {
        String token = accessToken(registered());

        assertProblem(patch(token, """
                {"preferred_contact_method": "carrier-pigeon"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("preferred_contact_method"));

        assertEquals("email", me(token).getString("preferred_contact_method"));
    }

    @Test
    void smsWithoutAPhoneIsRefused() {
        String token = accessToken(registered());

        assertProblem(patch(token, """
                {"preferred_contact_method": "sms"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem(anyOf(equalTo("phone"), equalTo("preferred_contact_method"))));

        assertEquals("email", me(token).getString("preferred_contact_method"));
    }

    @Test
    void smsWithAPhoneSentAlongsideIsAccepted() {
        String token = accessToken(registered());

        patch(token, """
                {"preferred_contact_method": "sms", "phone": "+447700900123"}
                """).then().statusCode(200)
                .body("preferred_contact_method", equalTo("sms"))
                .body("phone", equalTo("+447700900123"));
    }

    @Test
    void clearingThePhoneOfAnSmsUserIsRefused() {
        String token = accessToken(registered());
        patch(token, """
                {"preferred_contact_method": "sms", "phone": "+447700900123"}
                """).then().statusCode(200);

        assertProblem(patch(token, """
                {"phone": null}
                """), 400, "validation-failed")
                .body("errors.field", hasItem(anyOf(equalTo("phone"), equalTo("preferred_contact_method"))));

        assertEquals("+447700900123", me(token).getString("phone"));
    }

    @Test
    void newEmailWaitsForVerificationAndBothAddressesAreTold() {
        TestUser user = registered();
        String token = accessToken(user);
        String newEmail = "Moved." + user.username() + "@Example.net";

        patch(token, "{\"email\": \"" + newEmail + "\", \"current_password\": \"" + user.password() + "\"}")
                .then().statusCode(200)
                .body("email", equalTo(user.email()))
                .body("pending_email", equalTo(newEmail));

        JsonPath after = me(token);
        assertEquals(user.email(), after.getString("email"));
        assertEquals(newEmail, after.getString("pending_email"));
        assertEquals(false, after.getBoolean("email_verified"));

        List<Message> toNew = Outbox.to(dataSource, newEmail);
        assertTrue(toNew.stream().anyMatch(m -> m.template().equals("verify-email") && m.recipient().equals(newEmail)),
                toNew.toString());
        assertTrue(toNew.stream().noneMatch(m -> m.template().equals("email-change-requested")), toNew.toString());
        List<Message> about = Outbox.aboutUser(dataSource, user.username());
        assertTrue(about.stream().anyMatch(m -> m.template().equals("email-change-requested")
                && m.recipient().equals(user.email())), about.toString());

        login(user.email(), user.password());
    }

    @Test
    void sendingTheCurrentEmailWithdrawsAPendingChange() {
        TestUser user = registered();
        String token = accessToken(user);
        patch(token, "{\"email\": \"elsewhere-" + user.username() + "@example.org\", \"current_password\": \""
                + user.password() + "\"}").then().statusCode(200);

        patch(token, "{\"email\": \"" + user.email() + "\", \"current_password\": \"" + user.password() + "\"}")
                .then().statusCode(200)
                .body("email", equalTo(user.email()))
                .body("pending_email", equalTo(null));

        assertNull(me(token).getString("pending_email"));
    }

    @Test
    void malformedNewEmailIsRefusedNamingIt() {
        TestUser user = registered();
        String token = accessToken(user);

        assertProblem(patch(token, """
                {"email": "not an address"}
                """), 400, "validation-failed")
                .body("errors.field", hasItem("email"));

        JsonPath after = me(token);
        assertEquals(user.email(), after.getString("email"));
        assertNull(after.get("pending_email"));
    }

    @Test
    void everySuccessfulChangeQueuesAProfileChangedNotice() {
        TestUser user = registered();
        String token = accessToken(user);
        assertEquals(0L, Outbox.count(dataSource, user.username(), "profile-changed"));

        patch(token, "{\"display_name\": \"Grace\"}").then().statusCode(200);
        assertEquals(1L, Outbox.count(dataSource, user.username(), "profile-changed"));

        patch(token, "{\"timezone\": \"Europe/Lisbon\"}").then().statusCode(200);
        assertEquals(2L, Outbox.count(dataSource, user.username(), "profile-changed"));

        patch(token, "{\"account\": {\"auto_renewal\": true}}").then().statusCode(200);
        assertEquals(3L, Outbox.count(dataSource, user.username(), "profile-changed"));

        patch(token, "{\"timezone\": \"Nowhere/Special\"}").then().statusCode(400);
        assertEquals(3L, Outbox.count(dataSource, user.username(), "profile-changed"), "a refused change is no change");

        assertTrue(Outbox.aboutUser(dataSource, user.username()).stream()
                .filter(m -> m.template().equals("profile-changed"))
                .allMatch(m -> m.recipient().equals(user.email())));
    }

    @Test
    void accountCanBePausedResumedAndCancelled() {
        String token = accessToken(registered());

        patch(token, """
                {"account": {"account_status": "paused", "account_status_reason": "Travelling until spring"}}
                """).then().statusCode(200)
                .body("account.account_status", equalTo("paused"));
        JsonPath paused = me(token);
        assertEquals("paused", paused.getString("account.account_status"));
        assertEquals("Travelling until spring", paused.getString("account.account_status_reason"));

        status(token, "active").then().statusCode(200).body("account.account_status", equalTo("active"));
        assertEquals("active", me(token).getString("account.account_status"));
        assertNull(me(token).get("account.cancellation_date"));

        patch(token, """
                {"account": {"account_status": "cancelled", "cancellation_reason": "Moving to another service"}}
                """).then().statusCode(200)
                .body("account.account_status", equalTo("cancelled"));

        JsonPath after = me(token);
        assertEquals("cancelled", after.getString("account.account_status"));
        assertEquals("Moving to another service", after.getString("account.cancellation_reason"));
        Instant cancelledAt = Instant.parse(after.getString("account.cancellation_date"));
        assertTrue(Duration.between(cancelledAt, clock.instant()).abs().compareTo(Duration.ofMinutes(1)) < 0, cancelledAt.toString());
    }

    @Test
    void pausedAccountCanBeCancelled() {
        String token = accessToken(registered());
        status(token, "paused").then().statusCode(200);

        status(token, "cancelled").then().statusCode(200).body("account.account_status", equalTo("cancelled"));

        JsonPath after = me(token);
        assertEquals("cancelled", after.getString("account.account_status"));
        Instant.parse(after.getString("account.cancellation_date"));
    }

    @Test
    void cancelledAccountCannotBeReactivated() {
        String token = accessToken(registered());
        status(token, "cancelled").then().statusCode(200);

        assertProblem(status(token, "active"), 409, "invalid-state-transition");
        assertProblem(status(token, "paused"), 409, "invalid-state-transition");

        assertEquals("cancelled", me(token).getString("account.account_status"));
    }

    @Test
    void userCannotMarkTheirAccountFulfilled() {
        String token = accessToken(registered());

        assertProblem(status(token, "fulfilled"), 409, "invalid-state-transition");

        assertEquals("active", me(token).getString("account.account_status"));
    }

    @Test
    void sendingTheCurrentStatusAgainIsAccepted() {
        String token = accessToken(registered());

        status(token, "active").then().statusCode(200).body("account.account_status", equalTo("active"));
        status(token, "paused").then().statusCode(200);
        status(token, "paused").then().statusCode(200).body("account.account_status", equalTo("paused"));

        assertEquals("paused", me(token).getString("account.account_status"));
    }

    @Test
    void sendingUnchangedValuesIsNoChange() {
        TestUser user = registered();
        String token = accessToken(user);
        patch(token, "{\"display_name\": \"Same\", \"timezone\": \"Europe/Oslo\"}").then().statusCode(200);
        String updatedAt = me(token).getString("updated_at");
        long notices = Outbox.count(dataSource, user.username(), "profile-changed");

        patch(token, "{\"display_name\": \"Same\", \"timezone\": \"Europe/Oslo\", \"account\": {\"account_status\": \"active\"}}")
                .then().statusCode(200).body("display_name", equalTo("Same"));

        assertEquals(updatedAt, me(token).getString("updated_at"));
        assertEquals(notices, Outbox.count(dataSource, user.username(), "profile-changed"), "nothing changed, nothing to tell");
    }

    @Test
    void unknownAccountStatusIsRefusedNamingIt() {
        String token = accessToken(registered());

        assertProblem(status(token, "frozen"), 400, "validation-failed")
                .body("errors.field", hasItem("account.account_status"));

        assertEquals("active", me(token).getString("account.account_status"));
    }

    @Test
    void refusedStatusChangeLeavesEverythingElseSentAlongsideUnchanged() {
        TestUser user = registered();
        String token = accessToken(user);
        status(token, "cancelled").then().statusCode(200);
        JsonPath before = me(token);
        long noticesBefore = Outbox.count(dataSource, user.username(), "profile-changed");
        String newEmail = "elsewhere." + user.username() + "@example.net";

        assertProblem(patch(token, "{\"display_name\": \"Changed\", \"timezone\": \"Asia/Tokyo\", \"email\": \"" + newEmail
                + "\", \"current_password\": \"" + user.password() + "\", \"account\": {\"account_status\": \"active\", \"auto_renewal\": true,"
                + " \"account_status_reason\": \"back again\"}}"), 409, "invalid-state-transition");

        assertEquals(before.getMap(""), me(token).getMap(""));
        assertEquals(noticesBefore, Outbox.count(dataSource, user.username(), "profile-changed"));
        assertTrue(Outbox.to(dataSource, newEmail).isEmpty(), "no verification mail for a refused change");
    }

    @Test
    void withoutATokenIs401WithABearerChallenge() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"display_name\": \"Anyone\"}").patch("/api/v1/me"),
                401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void bodyThatIsNotAnObjectIs400() {
        String token = accessToken(registered());
        JsonPath before = me(token);

        assertBadRequest(patch(token, "[]"));
        assertBadRequest(patch(token, "\"display_name\""));

        assertEquals(before.getMap(""), me(token).getMap(""));
    }

    @Test
    void emptyBodyIs400() {
        String token = accessToken(registered());
        JsonPath before = me(token);

        assertBadRequest(Api.as(token).contentType(ContentType.JSON).patch("/api/v1/me"));

        assertEquals(before.getMap(""), me(token).getMap(""));
    }

    @Test
    void malformedJsonIs400() {
        String token = accessToken(registered());

        assertBadRequest(patch(token, "{\"display_name\": "));
    }

    private static Response status(String token, String status) {
        return patch(token, "{\"account\": {\"account_status\": \"" + status + "\"}}");
    }

    private static Response patch(String token, String json) {
        return Api.as(token).contentType(ContentType.JSON).body(json).patch("/api/v1/me");
    }

    private static JsonPath me(String token) {
        return Api.as(token).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    }
}
