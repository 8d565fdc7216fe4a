package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.checkIn;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Checking in through the one-click link of a mailed reminder. */
@QuarkusTest
class CheckInLinkTest {

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theMailedLinkShowsAButtonAndOnlyItsPostChecksIn() {
        TestUser user = verified();
        Instant firstDue = Instant.parse(enable(user, "P10D").getString("next_due_at"));
        clock.advance(Duration.ofDays(4));
        scan();
        String token = reminderToken(user);

        given().get("/check-in?token=" + token)
                .then().statusCode(200)
                .body(containsString("<form method=\"post\" action=\"check-in\">"))
                .body(containsString("value=\"" + token + "\""));
        assertEquals(firstDue.truncatedTo(ChronoUnit.MICROS),
                Instant.parse(state(user).getString("next_due_at")).truncatedTo(ChronoUnit.MICROS),
                "a GET (a mail scanner's prefetch) must not check in");

        Response result = postToken(token);

        result.then().statusCode(200);
        Instant newDue = Instant.parse(result.jsonPath().getString("next_due_at"));
        assertTrue(newDue.isAfter(clock.instant().plus(Duration.ofDays(10)).minusSeconds(30)), newDue.toString());
        assertEquals("ok", result.jsonPath().getString("status"));
        assertProblem(postToken(token), 400, "used-token");
    }

    @Test
    void aLinkOfAReplacedDeadlineNoLongerWorks() {
        TestUser user = verified();
        enable(user, "P10D");
        clock.advance(Duration.ofDays(4));
        scan();
        String token = reminderToken(user);

        checkIn(user).then().statusCode(200);

        assertProblem(postToken(token), 400, "expired-token");
        given().get("/check-in?token=" + token).then().statusCode(200);
    }

    @Test
    void aLinkOfAPausedAccountIsAConflictAndTheFormPageSaysSo() {
        TestUser user = verified();
        enable(user, "P10D");
        clock.advance(Duration.ofDays(4));
        scan();
        String token = reminderToken(user);
        patchMe(user, "{\"account\": {\"account_status\": \"paused\"}}");

        assertProblem(postToken(token), 409, "invalid-state-transition");
        given().contentType(ContentType.URLENC).formParam("token", token).post("/check-in")
                .then().statusCode(409)
                .body(containsString("paused or was released"));
    }

    @Test
    void madeUpTokensAreRefusedAsInvalid() {
        assertProblem(postToken("made-up"), 400, "invalid-token");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/check-in"), 400,
                "validation-failed");
        given().get("/check-in?token=made-up").then().statusCode(400);
    }

    private static Response postToken(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/check-in");
    }

    private static String reminderToken(TestUser user) {
        return Mailbox.awaitOne(user.email(), "Please check in").token("/check-in");
    }

    private void scan() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> scanner.scan());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
