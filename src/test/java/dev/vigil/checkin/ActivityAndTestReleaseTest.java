package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.put;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.checkin.ContactConsentTest.confirm;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Activity as a check-in (opt-in, at most once an hour), and the test release that only the owner sees. */
@QuarkusTest
class ActivityAndTestReleaseTest {

    @Inject
    MutableClock clock;

    @Inject
    ActivityCheckIns activity;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void withActivityCountingALoginRefreshOrKeyUseChecksInAtMostOnceAnHour() {
        TestUser user = verified();
        String token = accessToken(user);
        JsonPath enabled = put(token, Map.of("enabled", true, "interval", "P2D", "activity_counts", true))
                .then().statusCode(200).extract().jsonPath();
        assertTrue(enabled.getBoolean("activity_counts"));
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "script"))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");
        flush();

        clock.advance(Duration.ofHours(2));
        Instant loggedIn = clock.instant();
        JsonPath pair = login(user);
        assertEquals(1, flush(), "a login counts");
        JsonPath afterLogin = state(user);
        Instant checkedIn = Instant.parse(afterLogin.getString("last_check_in_at"));
        assertTrue(!checkedIn.isBefore(loggedIn) && !checkedIn.isAfter(clock.instant()), checkedIn.toString());
        assertEquals(checkedIn.plus(Duration.ofDays(2)), Instant.parse(afterLogin.getString("next_due_at")));

        clock.advance(Duration.ofMinutes(30));
        Sessions.refresh(pair.getString("refresh_token")).then().statusCode(200);
        assertEquals(0, flush(), "not again within the hour");

        clock.advance(Duration.ofMinutes(31));
        Instant used = clock.instant();
        as(key).get("/api/v1/me").then().statusCode(200);
        assertEquals(1, flush(), "an API-key use counts");
        assertTrue(!Instant.parse(state(user).getString("last_check_in_at")).isBefore(used));
    }

    @Test
    void withoutTheOptInActivityChangesNothing() {
        TestUser user = verified();
        enable(user, "P2D");
        clock.advance(Duration.ofHours(2));

        login(user);

        assertEquals(0, flush());
        JsonPath state = state(user);
        assertFalse(state.getBoolean("activity_counts"));
        assertNull(state.getString("last_check_in_at"));
    }

    @Test
    void manyLoginsAtOnceMoveTheDeadlineOnce() {
        for (int round = 0; round < 3; round++) {
            TestUser user = verified();
            put(accessToken(user), Map.of("enabled", true, "interval", "P2D", "activity_counts", true))
                    .then().statusCode(200);
            String userId = Sessions.userId(accessToken(user));
            flush();
            long before = deadlineNo(userId);
            clock.advance(Duration.ofHours(2));

            List<Response> logins = Race.of(8, i -> io.restassured.RestAssured.given().contentType(ContentType.JSON)
                    .body(Map.of("login", user.username(), "password", user.password())).post("/api/v1/auth/login"));
            assertEquals(8, Race.count(logins, 200, null), Race.statuses(logins).toString());
            flush();

            assertEquals(before + 1, deadlineNo(userId));
        }
    }

    @Test
    void theTestReleaseShowsTheOwnerExactlyWhatAcceptedContactsWouldGetAndSendsThemNothing() {
        TestUser user = verified();
        String token = accessToken(user);
        String ada = "ada." + UUID.randomUUID() + "@example.net";
        String pat = "pat." + UUID.randomUUID() + "@example.net";
        String cemPhone = "+49153" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        addContact(token, Map.of("name", "Ada", "email", ada, "message", "The spare key is with Mrs Lee"))
                .then().statusCode(201);
        addContact(token, Map.of("name", "Pat", "email", pat, "message", "Pending person's message"))
                .then().statusCode(201);
        addContact(token, Map.of("name", "Cem", "phone", cemPhone, "message", "Text for Cem")).then().statusCode(201);
        confirm(Mailbox.awaitOne(ada, "trusted contact").token("/contact-consent"), "accept").then().statusCode(204);
        String cemLink = (String) Db.single(dataSource, "SELECT payload->>'text' FROM outbox WHERE recipient = ?", cemPhone);
        assertTrue(cemLink.contains("trusted contact"), cemLink);
        Db.update(dataSource, "UPDATE trusted_contacts SET consent = 'accepted' WHERE phone = ?", cemPhone);
        assertProblem(as(token).post("/api/v1/me/check-in/test-release"), 409, "invalid-state-transition");
        enable(user, "P2D");
        long before = toContacts(ada, pat, cemPhone);

        as(token).post("/api/v1/me/check-in/test-release").then().statusCode(202);

        ReceivedMail test = Mailbox.awaitOne(user.email(), "Test:");
        assertTrue(test.text().contains("THIS IS A TEST"), test.text());
        assertTrue(test.text().contains("Subject: A message you were asked to receive"), test.text());
        assertTrue(test.text().contains("The spare key is with Mrs Lee"), test.text());
        assertTrue(test.text().contains("text message to " + cemPhone), test.text());
        assertTrue(test.text().contains("Their message: Text for Cem"), test.text());
        assertFalse(test.text().contains("Pending person's message"), "only accepted contacts: " + test.text());
        assertTrue(test.text().contains("1 contact has not answered yet"), test.text());
        assertEquals(before, toContacts(ada, pat, cemPhone), "nothing reaches a contact");
        assertEquals("ok", state(user).getString("status"), "the switch is untouched");
    }

    private long toContacts(String... recipients) {
        long total = 0;
        for (String recipient : recipients) {
            total += (Long) Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ?", recipient);
        }
        return total;
    }

    private long deadlineNo(String userId) {
        return (Long) Db.single(dataSource, "SELECT deadline_no FROM check_ins WHERE user_id = ?::uuid", userId);
    }

    private int flush() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> activity.flush());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
