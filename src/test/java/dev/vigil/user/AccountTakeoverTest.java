package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * An intruder who got into an account (a stolen password or access token, or an address registered
 * before its owner) must not keep it once the owner recovers it, and a stolen token alone must not
 * be enough to take the account over. Each test is the attack, step by step.
 */
@QuarkusTest
class AccountTakeoverTest {

    private static final String NEW_PASSWORD = "the owner's fresh passphrase 9";

    @Test
    void anAddressRegisteredByAnIntruderCannotMintKeysOrSetUpAnythingBeforeItIsVerified() {
        TestUser preHijacked = registered();
        String token = accessToken(preHijacked);

        assertProblem(as(token).contentType(ContentType.JSON).body(Map.of("name", "backdoor", "scopes",
                List.of("credentials"))).post("/api/v1/me/api-keys"), 403, "verification-required");
        assertProblem(as(token).post("/api/v1/me/mfa/totp"), 403, "verification-required");
        assertProblem(as(token).contentType(ContentType.JSON).body(Map.of("name", "Friend", "email", "f@example.net"))
                .post("/api/v1/me/trusted-contacts"), 403, "verification-required");
        assertProblem(as(token).contentType(ContentType.JSON).body(Map.of("enabled", true, "interval", "P10D"))
                .put("/api/v1/me/check-in"), 403, "verification-required");
    }

    @Test
    void aPasswordResetEndsTheIntrudersSessionsAndKeys() {
        TestUser owner = verified();
        String intruderSession = accessToken(owner);
        String intruderKey = key(intruderSession, "credentials");
        me(intruderKey).then().statusCode(200);

        resetPasswordByMail(owner);

        me(intruderSession).then().statusCode(401);
        me(intruderKey).then().statusCode(401);
        assertProblem(as(intruderKey).contentType(ContentType.JSON)
                .body(Map.of("email", "intruder@evil.test", "current_password", owner.password()))
                .patch("/api/v1/me"), 401, "unauthorized");
        login(owner.username(), NEW_PASSWORD);
    }

    @Test
    void aPasswordResetDropsAPendingAddressChangeAndItsLink() {
        TestUser owner = verified();
        String intruder = accessToken(owner);
        String evil = "takeover." + owner.username() + "@evil.test";
        changeEmail(intruder, evil, owner.password()).then().statusCode(200);
        String verification = Mailbox.awaitOne(evil, "Confirm").token("/verify-email");

        resetPasswordByMail(owner);

        JsonPath me = as(accessToken(new TestUser(owner.username(), owner.email(), NEW_PASSWORD))).get("/api/v1/me")
                .then().statusCode(200).extract().jsonPath();
        assertNull(me.getString("pending_email"));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("token", verification))
                .post("/api/v1/auth/verify-email"), 400, "used-token");
        assertEquals(owner.email(), me.getString("email"));
    }

    @Test
    void aPasswordChangeSpendsOutstandingResetLinksButKeepsKeys() {
        TestUser owner = verified();
        String token = accessToken(owner);
        String key = key(token, null);
        given().contentType(ContentType.JSON).body(Map.of("login", owner.username())).post("/api/v1/auth/password/forgot")
                .then().statusCode(202);
        String resetLink = Mailbox.awaitOne(owner.email(), "Reset").token("/reset-password");

        as(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", owner.password(), "new_password", NEW_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);

        assertProblem(given().contentType(ContentType.JSON)
                .body(Map.of("token", resetLink, "new_password", "an intruder's own passphrase 1"))
                .post("/api/v1/auth/password/reset"), 400, "used-token");
        me(key).then().statusCode(200);
    }

    @Test
    void logoutAllEndsKeysOnlyWhenAsked() {
        TestUser owner = verified();
        String key = key(accessToken(owner), null);

        as(accessToken(owner)).post("/api/v1/auth/logout-all").then().statusCode(204);
        me(key).then().statusCode(200);

        String session = accessToken(owner);
        as(session).contentType(ContentType.JSON).body(Map.of("include_api_keys", true)).post("/api/v1/auth/logout-all")
                .then().statusCode(204);
        me(key).then().statusCode(401);
        me(session).then().statusCode(401);
    }

    @Test
    void aStolenAccessTokenAloneCannotChangeTheAddress() {
        TestUser owner = verified();
        String stolen = accessToken(owner);

        assertInvalidField(as(stolen).contentType(ContentType.JSON).body(Map.of("email", "thief@evil.test"))
                .patch("/api/v1/me"), "current_password");
        assertProblem(changeEmail(stolen, "thief@evil.test", "a guess at the password"), 400, "wrong-password");
        assertNull(as(stolen).get("/api/v1/me").then().extract().jsonPath().getString("pending_email"),
                "nothing changed");
        assertInvalidField(as(stolen).contentType(ContentType.JSON).body(Map.of("current_password", owner.password()))
                .patch("/api/v1/me"), "current_password");
    }

    @Test
    void aConfirmedNewAddressEndsEveryOtherSessionAndTellsTheOldAddress() {
        TestUser owner = verified();
        String asking = accessToken(owner);
        String other = accessToken(owner);
        String moved = "moved." + owner.username() + "@example.net";

        changeEmail(asking, moved, owner.password()).then().statusCode(200)
                .body("pending_email", org.hamcrest.Matchers.equalTo(moved))
                .body("email", org.hamcrest.Matchers.equalTo(owner.email()));
        Mailbox.ReceivedMail requested = Mailbox.awaitOne(owner.email(), "change of your email");
        assertTrue(requested.link("/undo-email-change").contains("token="), requested.text());
        verify(Mailbox.awaitOne(moved, "Confirm").token("/verify-email"));

        me(asking).then().statusCode(200).body("email", org.hamcrest.Matchers.equalTo(moved));
        me(other).then().statusCode(401);
        Mailbox.ReceivedMail changed = Mailbox.awaitOne(owner.email(), "email address of your account was changed");
        assertTrue(changed.link("/undo-email-change").contains("token="), changed.text());
    }

    @Test
    void thisWasntMeUndoesAnIntrudersAddressChangeAndPutsEveryoneOut() {
        TestUser owner = verified();
        String intruder = accessToken(owner);
        String intruderKey = key(intruder, "credentials");
        String evil = "takeover2." + owner.username() + "@evil.test";
        changeEmail(intruder, evil, owner.password()).then().statusCode(200);
        verify(Mailbox.awaitOne(evil, "Confirm").token("/verify-email"));
        String undo = Mailbox.awaitOne(owner.email(), "email address of your account was changed").token("/undo-email-change");

        given().contentType(ContentType.JSON).body(Map.of("token", undo)).post("/api/v1/auth/email-change/undo")
                .then().statusCode(204);

        me(intruder).then().statusCode(401);
        me(intruderKey).then().statusCode(401);
        String reset = Mailbox.awaitOne(owner.email(), "Reset").token("/reset-password");
        given().contentType(ContentType.JSON).body(Map.of("token", reset, "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password/reset").then().statusCode(204);
        JsonPath me = as(login(owner.username(), NEW_PASSWORD).getString("access_token")).get("/api/v1/me")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(owner.email(), me.getString("email"), "the old address is back");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("token", undo))
                .post("/api/v1/auth/email-change/undo"), 400, "used-token");
    }

    @Test
    void anAddressWithADisplayNameOrBracketsIsRefused() {
        TestUser user = newUser();

        Response refused = given().contentType(ContentType.JSON).body(Map.of("username", user.username(),
                "email", "victim<attacker@evil.test>", "password", user.password())).post("/api/v1/auth/register");

        assertInvalidField(refused, "email");
    }

    private static void resetPasswordByMail(TestUser owner) {
        given().contentType(ContentType.JSON).body(Map.of("login", owner.email())).post("/api/v1/auth/password/forgot")
                .then().statusCode(202);
        String token = Mailbox.awaitOne(owner.email(), "Reset").token("/reset-password");
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password/reset").then().statusCode(204);
    }

    private static Response changeEmail(String token, String email, String currentPassword) {
        return as(token).contentType(ContentType.JSON).body(Map.of("email", email, "current_password", currentPassword))
                .patch("/api/v1/me");
    }

    private static void verify(String token) {
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/auth/verify-email")
                .then().statusCode(204);
    }

    private static String key(String token, String scope) {
        Map<String, Object> body = scope == null ? Map.of("name", "key") : Map.of("name", "key", "scopes", List.of(scope));
        return as(token).contentType(ContentType.JSON).body(body).post("/api/v1/me/api-keys")
                .then().statusCode(201).extract().jsonPath().getString("key");
    }

    private static Response me(String credential) {
        return as(credential).get("/api/v1/me");
    }
}
