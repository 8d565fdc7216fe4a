package dev.vigil.user;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Eventually;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Forgot password → mailed link → reset, over real SMTP. */
@QuarkusTest
class PasswordResetFlowTest {

    private static final String NEW_PASSWORD = "cobalt meadow after rain";

    @Inject
    MutableClock clock;
    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void forgotAnswersTheSameForKnownAndUnknownLogins() {
        TestUser user = registered();
        Response known = forgot(user.username());
        Response unknown = forgot("nobody-" + user.username());

        assertEquals(202, known.statusCode());
        assertEquals(202, unknown.statusCode());
        assertEquals(known.asString(), unknown.asString());
    }

    @Test
    void theMailedLinkResetsThePasswordAndEndsEverySession() {
        TestUser user = registered();
        JsonPath session = login(user);
        Db.update(dataSource, "UPDATE users SET failed_attempts = 3, lock_level = 1, locked_until = ? WHERE username = ?",
                clock.instant().plus(Duration.ofMinutes(10)), user.username());
        forgot(user.email()).then().statusCode(202);
        ReceivedMail mail = Mailbox.awaitOne(user.email(), "password");

        assertTrue(mail.link("/reset-password").startsWith("http://localhost:8080/reset-password?token="));
        reset(mail.token("/reset-password"), NEW_PASSWORD).then().statusCode(204);

        as(session.getString("access_token")).get("/api/v1/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", session.getString("refresh_token")))
                .post("/api/v1/auth/refresh").then().statusCode(401);
        login(user.username(), NEW_PASSWORD);
        assertEquals(0, ((Number) Db.single(dataSource, "SELECT failed_attempts FROM users WHERE username = ?",
                user.username())).intValue(), "the lock is cleared");
        Mailbox.await(user.email(), 3); // verification, reset link, reset notice
    }

    @Test
    void aRefusedPasswordLeavesTheLinkUsable() {
        TestUser user = registered();
        forgot(user.username()).then().statusCode(202);
        String token = Mailbox.awaitOne(user.email(), "password").token("/reset-password");

        assertInvalidField(reset(token, "short"), "new_password");
        assertInvalidField(reset(token, "password1234"), "new_password");

        reset(token, NEW_PASSWORD).then().statusCode(204);
        assertProblem(reset(token, NEW_PASSWORD + "!"), 400, "used-token");
    }

    @Test
    void theLinkExpiresAfterHalfAnHour() {
        TestUser user = registered();
        forgot(user.username()).then().statusCode(202);
        String token = Mailbox.awaitOne(user.email(), "password").token("/reset-password");

        clock.advance(Duration.ofMinutes(31));

        assertProblem(reset(token, NEW_PASSWORD), 400, "expired-token");
    }

    @Test
    void atMostOneMailAMinuteAndTheAnswerStays202() {
        TestUser user = registered();
        Mailbox.awaitOne(user.email(), "confirm");
        forgot(user.username()).then().statusCode(202);
        forgot(user.email()).then().statusCode(202);
        forgot(user.username()).then().statusCode(202);

        Mailbox.await(user.email(), 2);
        Eventually.eventually("no mail is still queued for this user", () -> (Long) Db.single(dataSource,
                "SELECT count(*) FROM outbox WHERE user_id = (SELECT id FROM users WHERE username = ?) AND status <> 'sent'",
                user.username()) == 0L);
        assertEquals(2, Mailbox.to(user.email()).size(), "verification plus one reset mail");
    }

    @Test
    void aTokenOfAnotherPurposeIsInvalidHere() {
        TestUser user = registered();
        String verifyToken = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");

        assertProblem(reset(verifyToken, NEW_PASSWORD), 400, "invalid-token");
    }

    @Test
    void usernameReminderMailsTheUsernameAndStaysSilentForUnknownAddresses() {
        TestUser user = registered();
        given().contentType(ContentType.JSON).body(Map.of("email", user.email().toUpperCase(java.util.Locale.ROOT)))
                .post("/api/v1/auth/username/forgot").then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("email", "nobody-" + user.email()))
                .post("/api/v1/auth/username/forgot").then().statusCode(202)
                .body("message", equalTo(MessageResponse.MAIL_ON_ITS_WAY.message()));

        ReceivedMail reminder = Mailbox.awaitOne(user.email(), "username");
        assertTrue(reminder.text().contains(user.username()), reminder.text());
        assertTrue(reminder.html().contains(user.username()));
        assertEquals(0, Mailbox.to("nobody-" + user.email()).size());
    }

    private static Response forgot(String login) {
        return given().contentType(ContentType.JSON).body(Map.of("login", login)).post("/api/v1/auth/password/forgot");
    }

    private static Response reset(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", password))
                .post("/api/v1/auth/password/reset");
    }
}
