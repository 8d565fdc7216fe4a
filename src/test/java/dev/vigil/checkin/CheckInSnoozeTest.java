package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Outbox;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Snooze: no reminders and no release until a chosen moment, then the clock restarts from there. */
@QuarkusTest
class CheckInSnoozeTest {

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSnoozedSwitchSendsNothingAndReleasesNothingUntilItEndsThenStartsAFreshDeadline() {
        TestUser user = verified();
        enable(user, "P2D");
        Instant until = clock.instant().plus(Duration.ofDays(10));

        JsonPath snoozed = snooze(accessToken(user), until).then().statusCode(200).extract().jsonPath();

        assertEquals("snoozed", snoozed.getString("status"));
        assertEquals(until, Instant.parse(snoozed.getString("snoozed_until")));
        assertEquals(until.plus(Duration.ofDays(2)), Instant.parse(snoozed.getString("next_due_at")));
        clock.advance(Duration.ofDays(9));
        scan();
        assertEquals(0, Outbox.count(dataSource, user.username(), "check-in-reminder"), "no reminder while snoozed");
        assertEquals("snoozed", state(user).getString("status"));

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        JsonPath after = state(user);
        assertEquals("ok", after.getString("status"));
        assertNull(after.getString("snoozed_until"));
        clock.advance(Duration.ofDays(2));
        scan();
        assertEquals(1, Outbox.count(dataSource, user.username(), "check-in-reminder"), "reminded again after it ends");
        assertEquals("grace", state(user).getString("status"));
    }

    @Test
    void endingASnoozeOrCheckingInRestartsTheClockNow() {
        TestUser user = verified();
        String token = accessToken(user);
        enable(user, "P2D");
        snooze(token, clock.instant().plus(Duration.ofDays(5))).then().statusCode(200);
        clock.advance(Duration.ofHours(5));
        token = accessToken(user);
        Instant before = clock.instant();

        JsonPath ended = as(token).delete("/api/v1/me/check-in/snooze").then().statusCode(200).extract().jsonPath();

        assertEquals("ok", ended.getString("status"));
        assertDueTwoDaysFrom(before, ended);
        snooze(token, clock.instant().plus(Duration.ofDays(5))).then().statusCode(200);
        before = clock.instant();
        JsonPath checkedIn = as(token).post("/api/v1/me/check-in").then().statusCode(200).extract().jsonPath();
        assertEquals("ok", checkedIn.getString("status"));
        assertDueTwoDaysFrom(before, checkedIn);
    }

    /** The deadline restarted between {@code before} and now (the test clock keeps ticking). */
    private void assertDueTwoDaysFrom(Instant before, JsonPath state) {
        Instant due = Instant.parse(state.getString("next_due_at"));
        assertTrue(!due.isBefore(before.plus(Duration.ofDays(2))) && !due.isAfter(clock.instant().plus(Duration.ofDays(2))),
                due + " is not two days after " + before);
    }

    @Test
    void aSnoozeMustEndAheadWithinTheLimitAndNeedsARunningSwitch() {
        TestUser user = verified();
        String token = accessToken(user);

        assertProblem(snooze(token, clock.instant().plus(Duration.ofDays(1))), 409, "invalid-state-transition");
        enable(user, "P2D");
        assertInvalidField(snooze(token, clock.instant().minusSeconds(1)), "until");
        assertInvalidField(snooze(token, clock.instant().plus(Duration.ofDays(30)).plusSeconds(1)), "until");
        assertInvalidField(as(token).contentType(ContentType.JSON).body(Map.of("until", "next week"))
                .post("/api/v1/me/check-in/snooze"), "until");
        snooze(token, clock.instant().plus(Duration.ofDays(30))).then().statusCode(200);
    }

    @Test
    void parallelSnoozesAndCheckInsLeaveOneConsistentDeadline() {
        for (int round = 0; round < 3; round++) {
            TestUser user = verified();
            String token = accessToken(user);
            enable(user, "P2D");
            Instant until = clock.instant().plus(Duration.ofDays(4));

            Instant before = clock.instant();
            List<Response> answers = Race.of(6, i -> i % 2 == 0 ? snooze(token, until)
                    : as(token).post("/api/v1/me/check-in"));

            assertEquals(6, Race.count(answers, 200, null), Race.statuses(answers).toString());
            JsonPath state = state(user);
            Instant due = Instant.parse(state.getString("next_due_at"));
            if ("snoozed".equals(state.getString("status"))) {
                assertEquals(until.plus(Duration.ofDays(2)), due);
            } else {
                assertEquals("ok", state.getString("status"));
                assertDueTwoDaysFrom(before, state);
            }
        }
    }

    static Response snooze(String accessToken, Instant until) {
        return as(accessToken).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .post("/api/v1/me/check-in/snooze");
    }

    private void scan() {
        CheckInSupport.scan(scanner);
    }
}
