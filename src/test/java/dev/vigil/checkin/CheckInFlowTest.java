package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.checkin.CheckInSupport.checkIn;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.put;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import dev.vigil.support.Metrics;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Outbox;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The switch over time: ok → due → grace → released, checking in, pausing, re-authorizing. */
@QuarkusTest
class CheckInFlowTest {

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    @Inject
    CheckInService service;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aNewUsersSwitchIsDisabled() {
        JsonPath state = state(verified());

        assertEquals(false, state.getBoolean("enabled"));
        assertEquals("disabled", state.getString("status"));
        assertEquals("P3D", state.getString("grace_period"));
        assertEquals(List.of(), state.getList("reminders"));
    }

    @Test
    void anIntervalBelowTheMinimumIsRefusedNamingInterval() {
        String token = accessToken(verified());

        assertInvalidField(put(token, Map.of("enabled", true, "interval", "PT23H")), "interval");
        assertInvalidField(put(token, Map.of("enabled", true, "interval", "soon")), "interval");
        assertInvalidField(put(token, Map.of("enabled", true, "interval", "P10D", "grace_period", "-P1D")), "grace_period");
        assertProblem(put(token, Map.of("enabled", true, "interval", "P10D", "status", "ok")), 400, "validation-failed");
    }

    @Test
    void enablingStartsTheClockAndPlansTheRemindersShorterThanTheInterval() {
        TestUser user = verified();
        Instant before = clock.instant();

        JsonPath state = enable(user, "P10D");

        assertEquals("ok", state.getString("status"));
        assertEquals("P10D", state.getString("interval"));
        Instant due = Instant.parse(state.getString("next_due_at"));
        assertTrue(!due.isBefore(before.plus(Duration.ofDays(10))) && due.isBefore(before.plus(Duration.ofDays(10).plusMinutes(1))));
        assertEquals(due.plus(Duration.ofDays(3)), Instant.parse(state.getString("release_at")));
        List<Map<String, Object>> reminders = state.getList("reminders");
        // P7D, P1D and PT0S before the deadline, then P1D before the release (grace is P3D).
        assertEquals(4, reminders.size());
        assertEquals(due.toString(), Instant.parse((String) reminders.get(2).get("at")).toString());
        assertEquals(due.plus(Duration.ofDays(2)).toString(), Instant.parse((String) reminders.get(3).get("at")).toString());
        assertTrue(reminders.stream().allMatch(r -> r.get("sent_at") == null && "email".equals(r.get("channel"))));
    }

    @Test
    void aMissedSwitchGoesDueThenGraceThenReleasesTheAccount() {
        TestUser user = verified();
        String oldToken = accessToken(user);
        String contactEmail = "friend." + user.username() + "@example.net";
        addContact(oldToken, Map.of("name", "Friend", "email", contactEmail, "message", "The key is under the mat"))
                .then().statusCode(201);
        addContact(oldToken, Map.of("name", "Sister", "phone", "+4915112345678")).then().statusCode(201);
        ContactConsentTest.confirm(Mailbox.awaitOne(contactEmail, "trusted contact").token("/contact-consent"), "accept")
                .then().statusCode(204);
        // The sister's consent link went by text message (through the log provider here): accepted as she would.
        Db.update(dataSource, "UPDATE trusted_contacts SET consent = 'accepted' WHERE phone = ? AND user_id = (SELECT id"
                + " FROM users WHERE username = ?)", "+4915112345678", user.username());
        enable(user, "P10D");
        double remindersBefore = Metrics.value("vigil_check_in_reminders_total", "channel", "email");
        double releasesBefore = Metrics.value("vigil_check_in_releases_total", "reason", "missed-check-in");

        clock.advance(Duration.ofDays(4));
        assertEquals("due", state(user).getString("status"));
        scan();
        assertEquals(1, Outbox.count(dataSource, user.username(), "check-in-reminder"));
        assertTrue(state(user).getList("reminders", Map.class).get(0).get("sent_at") != null);
        scan();
        assertEquals(1, Outbox.count(dataSource, user.username(), "check-in-reminder"), "a second scan sends nothing new");

        clock.advance(Duration.ofDays(6).plusHours(1));
        assertEquals("grace", state(user).getString("status"));
        scan();
        // The P1D reminder was passed while nobody scanned: only the latest one (PT0S) goes out, late.
        assertEquals(2, Outbox.count(dataSource, user.username(), "check-in-reminder"));

        clock.advance(Duration.ofDays(3));
        CheckInScanner.ScanResult result = scan();

        assertTrue(result.releases() >= 1);
        assertTrue(Metrics.value("vigil_check_in_reminders_total", "channel", "email") >= remindersBefore + 2);
        assertEquals(releasesBefore + result.releases(),
                Metrics.value("vigil_check_in_releases_total", "reason", "missed-check-in"));
        assertEquals("fulfilled", Db.single(dataSource, "SELECT a.account_status FROM accounts a JOIN users u"
                + " ON u.id = a.user_id WHERE u.username = ?", user.username()));
        assertEquals(CheckInScanner.RELEASE_REASON, Db.single(dataSource, "SELECT a.account_status_reason FROM accounts a"
                + " JOIN users u ON u.id = a.user_id WHERE u.username = ?", user.username()));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM check_ins c JOIN users u ON u.id = c.user_id"
                + " WHERE u.username = ? AND c.released_at IS NOT NULL", user.username()));
        // Asked to consent, asked to check on them when grace began, then the message.
        assertEquals(List.of("contact-consent-request", "check-on-owner", "trusted-contact-release"),
                Outbox.to(dataSource, contactEmail).stream().map(Outbox.Message::template).toList());
        assertEquals(List.of(ContactMessages.SMS_CONSENT, ContactMessages.SMS_CHECK_ON, ContactMessages.SMS_RELEASE),
                Outbox.aboutUser(dataSource, user.username()).stream()
                        .filter(message -> message.recipient().equals("+4915112345678"))
                        .map(Outbox.Message::template)
                        .toList());
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = 'account.released'", user.username()));
        assertEquals(401, Sessions.me(oldToken).statusCode(), "every session is revoked");
        assertProblem(given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login"), 403, "account-released");
        scan();
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = 'account.released'", user.username()), "a release happens once");
    }

    @Test
    void checkingInStartsANewDeadlineFromNow() {
        TestUser user = verified();
        enable(user, "P2D");
        clock.advance(Duration.ofDays(1).plusHours(12));

        JsonPath state = checkIn(user).then().statusCode(200).extract().jsonPath();

        Instant now = clock.instant();
        Instant due = Instant.parse(state.getString("next_due_at"));
        assertTrue(!due.isBefore(now.plus(Duration.ofDays(2)).minusSeconds(5)) && !due.isAfter(now.plus(Duration.ofDays(2))));
        assertEquals("ok", state.getString("status"));
        assertTrue(Instant.parse(state.getString("last_check_in_at")).isAfter(now.minusSeconds(5)));
    }

    @Test
    void checkingInWhileDisabledIsAConflict() {
        assertProblem(checkIn(verified()), 409, "invalid-state-transition");
    }

    @Test
    void aPausedAccountGetsNoRemindersIsNeverReleasedAndResumingRestartsTheClock() {
        TestUser user = verified();
        enable(user, "P10D");
        patchMe(user, "{\"account\": {\"account_status\": \"paused\"}}");
        assertEquals("paused", state(user).getString("status"));
        assertProblem(checkIn(user), 409, "invalid-state-transition");

        clock.advance(Duration.ofDays(20));
        scan();

        assertEquals(0, Outbox.count(dataSource, user.username(), "check-in-reminder"));
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = 'account.released'", user.username()));
        assertEquals("paused", Db.single(dataSource, "SELECT a.account_status FROM accounts a JOIN users u"
                + " ON u.id = a.user_id WHERE u.username = ?", user.username()));
        patchMe(user, "{\"account\": {\"account_status\": \"active\"}}");
        JsonPath state = state(user);
        assertEquals("ok", state.getString("status"));
        Instant due = Instant.parse(state.getString("next_due_at"));
        assertTrue(due.isAfter(clock.instant().plus(Duration.ofDays(10)).minusSeconds(30)), "the clock restarted: " + due);
    }

    @Test
    void aReleaseBatchStandsDownASwitchWhoseAccountIsNoLongerActiveAndReleasesTheOthers() {
        List<TestUser> users = List.of(verified(), verified(), verified());
        users.forEach(user -> enable(user, "P1D"));
        UUID paused = UUID.fromString(Sessions.userId(accessToken(users.get(1))));
        // A status change that did not go through the check-in's own hook (which would suspend the switch).
        Db.update(dataSource, "UPDATE accounts SET account_status = 'paused' WHERE user_id = ?", paused);

        clock.advance(Duration.ofDays(5));
        scan();
        scan();

        for (TestUser user : users) {
            boolean active = user != users.get(1);
            assertEquals(active ? "fulfilled" : "paused", Db.single(dataSource, "SELECT a.account_status FROM"
                    + " accounts a JOIN users u ON u.id = a.user_id WHERE u.username = ?", user.username()));
            assertEquals(active ? 1L : 0L, Db.single(dataSource, "SELECT count(*) FROM check_ins c JOIN users u"
                    + " ON u.id = c.user_id WHERE u.username = ? AND c.released_at IS NOT NULL", user.username()));
            assertEquals(active ? 1L : 0L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u"
                    + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'account.released'", user.username()));
        }
        assertEquals(true, Db.single(dataSource, "SELECT suspended FROM check_ins WHERE user_id = ?", paused),
                "the switch of the paused account stands down");
    }

    @Test
    void anAccountHeldByAnotherTransactionIsLeftForTheNextScan() throws Exception {
        TestUser user = verified();
        enable(user, "P1D");
        UUID userId = UUID.fromString(Sessions.userId(accessToken(user)));
        clock.advance(Duration.ofDays(5));

        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement lock = held.prepareStatement("SELECT 1 FROM accounts WHERE user_id = ? FOR UPDATE")) {
                lock.setObject(1, userId);
                lock.executeQuery().close();
            }
            scan();
            assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM check_ins WHERE user_id = ?"
                    + " AND released_at IS NOT NULL", userId), "skipped, not waited for");
            held.rollback();
        }
        scan();

        assertEquals("fulfilled", Db.single(dataSource, "SELECT account_status FROM accounts WHERE user_id = ?", userId));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events WHERE user_id = ?"
                + " AND type = 'account.released'", userId));
    }

    @Test
    void twoScannersAtOnceSendEachReminderAndReleaseOnce() throws Exception {
        List<TestUser> users = List.of(verified(), verified(), verified(), verified(), verified());
        users.forEach(user -> enable(user, "P10D"));
        clock.advance(Duration.ofDays(4));

        runTwoScansAtOnce();

        for (TestUser user : users) {
            assertEquals(1, Outbox.count(dataSource, user.username(), "check-in-reminder"), user.username());
        }
        clock.advance(Duration.ofDays(10));
        runTwoScansAtOnce();
        for (TestUser user : users) {
            assertEquals(2, Outbox.count(dataSource, user.username(), "check-in-reminder"), user.username());
            assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                    + " WHERE u.username = ? AND e.type = 'account.released'", user.username()));
        }
    }

    @Test
    void reauthorizingAReleasedAccountMakesItActiveAndRestartsTheClock() throws Throwable {
        TestUser user = verified();
        UUID userId = UUID.fromString(Sessions.userId(accessToken(user)));
        enable(user, "P1DT1H");
        clock.advance(Duration.ofDays(5));
        assertTrue(scan().releases() >= 1);
        UUID admin = UUID.randomUUID();

        VertxContextSupport.subscribeAndAwait(() -> service.reauthorize(userId, admin));

        JsonPath state = state(user);
        assertEquals("ok", state.getString("status"));
        assertTrue(Instant.parse(state.getString("next_due_at")).isAfter(clock.instant().plus(Duration.ofDays(1))));
        assertEquals("active", Db.single(dataSource, "SELECT account_status FROM accounts WHERE user_id = ?", userId));
        assertEquals(admin, Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'account.reauthorized'", userId));
        assertThrowsConflict(() -> VertxContextSupport.subscribeAndAwait(() -> service.reauthorize(userId, admin)));
    }

    private static void assertThrowsConflict(org.junit.jupiter.api.function.Executable action) {
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, action);
        assertTrue(String.valueOf(thrown.getMessage()).contains("released") || thrown.getClass().getSimpleName()
                .contains("Vigil"), String.valueOf(thrown));
    }

    private CheckInScanner.ScanResult scan() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> scanner.scan());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private void runTwoScansAtOnce() throws Exception {
        Thread first = new Thread(this::scan);
        Thread second = new Thread(this::scan);
        first.start();
        second.start();
        first.join();
        second.join();
    }
}
