package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.checkIn;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.put;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The switch does not depend on the hour it is used at: turned on, checked in, resumed or
 * re-authorized at any time of day in any time zone, it is {@code ok} and plans nothing before that
 * moment; durations and instants come back exactly as they were given or stored.
 */
@QuarkusTest
class CheckInAnyHourTest {

    /** Around the evening and night hours at which moving a reminder to 20:00 would go into the past. */
    private static final List<LocalTime> HOURS = List.of(LocalTime.of(0, 15), LocalTime.of(7, 59), LocalTime.of(12, 15),
            LocalTime.of(19, 59), LocalTime.of(20, 1), LocalTime.of(23, 30));

    @Inject
    MutableClock clock;

    @Inject
    CheckInService service;

    @Inject
    CheckInScanner scanner;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void enablingAtAnyHourIsOkAndPlansNoReminderBeforeThatMoment() {
        for (String zone : List.of("UTC", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu")) {
            for (LocalTime time : HOURS) {
                moveTo(time);
                TestUser user = verified();
                patchMe(user, "{\"timezone\": \"" + zone + "\"}");
                Instant before = clock.instant();

                JsonPath state = enable(user, "P1DT1H");

                String at = time + " " + zone;
                assertEquals("ok", state.getString("status"), at);
                assertEquals("P1DT1H", state.getString("interval"), at);
                assertRemindersFrom(before, state, at);
                assertEquals(state.prettify(), state(user).prettify(), "a GET right after agrees: " + at);
            }
        }
    }

    @Test
    void checkingInResumingAndReauthorizingAtNightAreOkToo() throws Throwable {
        for (LocalTime time : List.of(LocalTime.of(0, 15), LocalTime.of(23, 30))) {
            moveTo(time);
            TestUser user = verified();
            UUID userId = UUID.fromString(Sessions.userId(accessToken(user)));
            enable(user, "P1DT1H");

            clock.advance(Duration.ofHours(20));
            Instant checkedInAt = clock.instant();
            JsonPath checkedIn = checkIn(user).then().statusCode(200).extract().jsonPath();
            assertEquals("ok", checkedIn.getString("status"), "check-in at " + time);
            assertRemindersFrom(checkedInAt, checkedIn, "check-in at " + time);

            patchMe(user, "{\"account\": {\"account_status\": \"paused\"}}");
            clock.advance(Duration.ofHours(11));
            Instant resumedAt = clock.instant();
            patchMe(user, "{\"account\": {\"account_status\": \"active\"}}");
            JsonPath resumed = state(user);
            assertEquals("ok", resumed.getString("status"), "resume after " + time);
            assertRemindersFrom(resumedAt, resumed, "resume after " + time);

            clock.advance(Duration.ofDays(5));
            VertxContextSupport.subscribeAndAwait(() -> scanner.scan());
            Instant reauthorizedAt = clock.instant();
            VertxContextSupport.subscribeAndAwait(() -> service.reauthorize(userId, null));
            JsonPath reauthorized = state(user);
            assertEquals("ok", reauthorized.getString("status"), "re-authorized after " + time);
            assertRemindersFrom(reauthorizedAt, reauthorized, "re-authorized after " + time);
            clock.reset();
        }
    }

    @Test
    void durationsComeBackAsTheyWereGiven() {
        String token = accessToken(verified());

        for (List<String> given : List.of(List.of("P1DT1H", "P1DT1H"), List.of("P7D", "P7D"), List.of("PT36H", "PT36H"),
                List.of("PT24H", "PT24H"), List.of("p2dt30m", "P2DT30M"), List.of("PT90M", "PT1H30M"))) {
            JsonPath answer = put(token, Map.of("enabled", true, "interval", "P30D", "grace_period", given.get(0)))
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(given.get(1), answer.getString("grace_period"), given.get(0));
        }
        JsonPath answer = put(token, Map.of("enabled", true, "interval", "P1DT12H")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("P1DT12H", answer.getString("interval"));
        assertEquals("P3D", answer.getString("grace_period"), "the default grace period");
    }

    @Test
    void fractionalSecondsInADurationAreRefusedNamingTheField() {
        String token = accessToken(verified());

        dev.vigil.support.Problems.assertInvalidField(put(token, Map.of("enabled", true, "interval", "PT86400.5S")),
                "interval");
    }

    @Test
    void everyTimestampOfAWriteAnswerIsTheSameTextInTheNextRead() {
        TestUser user = verified();
        String token = accessToken(user);

        JsonPath put = put(token, Map.of("enabled", true, "interval", "P10D")).then().statusCode(200)
                .extract().jsonPath();
        JsonPath get = state(user);
        for (String field : List.of("next_due_at", "release_at")) {
            assertEquals(put.getString(field), get.getString(field), field);
        }
        assertEquals(put.getList("reminders.at"), get.getList("reminders.at"));

        JsonPath checkedIn = checkIn(user).then().statusCode(200).extract().jsonPath();
        JsonPath afterCheckIn = state(user);
        for (String field : List.of("last_check_in_at", "next_due_at", "release_at")) {
            assertEquals(checkedIn.getString(field), afterCheckIn.getString(field), field);
        }

        JsonPath patched = Api.as(token).contentType(ContentType.JSON)
                .body("{\"display_name\": \"Ada\", \"account\": {\"account_status\": \"cancelled\"}}")
                .patch("/api/v1/me").then().statusCode(200).extract().jsonPath();
        JsonPath me = Api.as(token).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        for (String field : List.of("created_at", "updated_at", "last_login_at", "account.created_at",
                "account.updated_at", "account.subscription_start_date", "account.cancellation_date")) {
            assertEquals(patched.getString(field), me.getString(field), field);
        }
        assertTrue(me.getString("account.cancellation_date") != null, "the cancellation was stamped");
    }

    /** Moves the clock forward to the next {@code time} (UTC). */
    private void moveTo(LocalTime time) {
        clock.reset();
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime target = now.with(time);
        if (!target.isAfter(now)) {
            target = target.plusDays(1);
        }
        clock.advance(Duration.between(now, target));
    }

    /** Every reminder of the deadline, including those in grace, lies after its start and before the release. */
    private static void assertRemindersFrom(Instant start, JsonPath state, String at) {
        Instant release = Instant.parse(state.getString("release_at"));
        List<String> reminders = state.getList("reminders.at");
        assertTrue(!reminders.isEmpty(), at);
        for (String reminder : reminders) {
            Instant when = Instant.parse(reminder);
            assertTrue(when.isAfter(start) && when.isBefore(release),
                    at + ": reminder " + when + " outside " + start + "…" + release);
        }
        assertTrue(state.getList("reminders.sent_at").stream().allMatch(sent -> sent == null), at);
    }
}
