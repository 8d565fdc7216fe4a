package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Lockout after repeated failed logins, against the real database. Every request here comes from the
 * test client's one address, so these are the rules for one address; {@link LockoutFromAfarTest} has
 * the attacks from other addresses.
 */
@QuarkusTest
class LockoutTest {

    private static final String WRONG = "not the password at all";

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;
    @Inject
    Lockout lockout;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void hundredParallelWrongLoginsLockExactlyOnceAtMaxFailures() throws Exception {
        TestUser user = registered();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(pool.submit(() -> attempt(user.username(), WRONG).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(401, answer.get(), "every wrong password is a 401, locked or not");
            }
        } finally {
            pool.shutdown();
        }

        Map<String, Object> row = lockState(user);
        assertEquals(1, row.get("lock_level"), "one lock, not twenty");
        assertEquals(0, row.get("failed_attempts"), "failures during the lock were not counted");
        assertEquals(5, accountFailures(user), "the account counted the five that were counted, not a hundred");
        assertLockLasts(user, Duration.ofMinutes(15));
        assertEquals(1L, events(user, "account.locked"));
        assertEquals(100L, events(user, "login.failed"));
    }

    @Test
    void theFifthWrongPasswordLocksAndOnlyTheRightPasswordLearnsIt() {
        TestUser user = registered();
        double lockoutsBefore = lockouts();
        for (int i = 0; i < 4; i++) {
            attempt(user.username(), WRONG).then().statusCode(401);
        }
        attempt(user.username(), user.password()).then().statusCode(200);
        assertEquals(0, lockState(user).get("failed_attempts"), "a completed login resets the counter");
        assertEquals(0, accountFailures(user), "and the account's");

        for (int i = 0; i < 5; i++) {
            attempt(user.username(), WRONG).then().statusCode(401);
        }
        Instant until = ((java.sql.Timestamp) lockState(user).get("locked_until")).toInstant();
        attempt(user.email(), user.password()).then().statusCode(423)
                .body("type", equalTo("https://vigil.dev/problems/account-locked"))
                .body("locked_until", equalTo(until.toString()));
        assertEquals(lockoutsBefore + 1, lockouts());
    }

    @Test
    void aWrongPasswordWhileLockedLooksLikeAnyOtherWrongPassword() {
        TestUser locked = registered();
        TestUser open = registered();
        for (int i = 0; i < 5; i++) {
            attempt(locked.username(), WRONG);
        }

        Response whileLocked = attempt(locked.username(), WRONG, "same-answer");
        Response unlocked = attempt(open.username(), WRONG, "same-answer");
        Response unknown = attempt("nobody-" + open.username(), WRONG, "same-answer");

        assertEquals(401, whileLocked.statusCode());
        assertEquals(unlocked.asString(), whileLocked.asString());
        assertEquals(unknown.asString(), whileLocked.asString());
    }

    @Test
    void theOwnerIsMailedWhenTheAccountLocks() {
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            attempt(user.username(), WRONG);
        }
        Instant until = ((java.sql.Timestamp) lockState(user).get("locked_until")).toInstant();

        ReceivedMail mail = Mailbox.awaitOne(user.email(), "locked");
        assertTrue(mail.text().contains(until.toString()), mail.text());
        assertTrue(mail.link("/unlock").startsWith("http://localhost:8080/unlock?token="), mail.text());
        assertTrue(mail.html().contains("/unlock?token=" + mail.token("/unlock")), mail.html());
        assertTrue(mail.text().contains("You can still sign in from anywhere else"), mail.text());
    }

    @Test
    void eachFurtherLockDoublesUntilTheCapAndACompletedLoginStartsOver() {
        TestUser user = registered();
        lockNow(user);
        assertLockLasts(user, Duration.ofMinutes(15));

        clock.advance(Duration.ofMinutes(16));
        lockNow(user);
        assertLockLasts(user, Duration.ofMinutes(30));

        Db.update(dataSource, "UPDATE login_failures SET lock_level = 20, locked_until = NULL WHERE user_id = ?",
                userId(user));
        lockNow(user);
        assertLockLasts(user, Duration.ofHours(24));

        clock.advance(Duration.ofHours(25));
        attempt(user.username(), user.password()).then().statusCode(200);
        lockNow(user);
        assertLockLasts(user, Duration.ofMinutes(15));
    }

    @Test
    void theJobClearsEndedLocksAndRecordsOneUnlockPerLock() {
        TestUser user = registered();
        lockNow(user);
        assertEquals(0L, events(user, "account.unlocked"));

        clock.advance(Duration.ofMinutes(16));
        lockout.expireEndedLocks().await().atMost(Duration.ofSeconds(10));
        lockout.expireEndedLocks().await().atMost(Duration.ofSeconds(10));

        assertNull(lockState(user).get("locked_until"));
        assertEquals(1L, events(user, "account.unlocked"));
        assertEquals(null, Db.single(dataSource, "SELECT actor_id FROM security_events WHERE type = 'account.unlocked'"
                + " AND user_id = ?", userId(user)), "the job, not a person, unlocked it");
        attempt(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void anEndedLockIsReportedOnceWhenTheNextFailureComesBeforeTheJob() {
        TestUser user = registered();
        lockNow(user);
        clock.advance(Duration.ofMinutes(16));

        attempt(user.username(), WRONG).then().statusCode(401);
        lockout.expireEndedLocks().await().atMost(Duration.ofSeconds(10));

        assertEquals(1L, events(user, "account.unlocked"));
        assertEquals(1, lockState(user).get("failed_attempts"), "the failure after the lock counts");
    }

    @Test
    void unlockByAnAdminClearsTheLockAndNamesTheAdmin() {
        TestUser user = registered();
        lockNow(user);
        TestUser adminUser = registered();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", adminUser.username());
        UUID admin = userId(adminUser);

        as(accessToken(adminUser)).post("/api/v1/admin/users/" + userId(user) + "/unlock").then().statusCode(204);

        assertNull(lockState(user).get("locked_until"));
        assertEquals(admin, Db.single(dataSource, "SELECT actor_id FROM security_events WHERE type = 'account.unlocked'"
                + " AND user_id = ?", userId(user)));
        attempt(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void aPasswordResetClearsTheLock() {
        TestUser user = registered();
        lockNow(user);
        given().contentType(ContentType.JSON).body(Map.of("login", user.username()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.awaitOne(user.email(), "reset your password").token("/reset-password");

        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "cobalt meadow after rain"))
                .post("/api/v1/auth/password/reset").then().statusCode(204);

        assertNull(lockState(user).get("locked_until"));
        attempt(user.username(), "cobalt meadow after rain").then().statusCode(200);
    }

    private void lockNow(TestUser user) {
        for (int i = 0; i < 5; i++) {
            attempt(user.username(), WRONG).then().statusCode(401);
        }
    }

    /**
     * The lock runs {@code expected} from the failure that set it: that failure was the address's last
     * counted one ({@code last_failed_at}), and both instants come from one reading of the clock.
     */
    private void assertLockLasts(TestUser user, Duration expected) {
        Map<String, Object> row = Db.query(dataSource, "SELECT locked_until, last_failed_at FROM login_failures"
                + " WHERE user_id = ?", userId(user)).get(0);
        Instant until = ((java.sql.Timestamp) row.get("locked_until")).toInstant();
        Instant lockedAt = ((java.sql.Timestamp) row.get("last_failed_at")).toInstant();
        assertEquals(expected, Duration.between(lockedAt, until));
    }

    /** The counter of the one address every request here comes from. */
    private Map<String, Object> lockState(TestUser user) {
        List<Map<String, Object>> rows = Db.query(dataSource, "SELECT failed_attempts, lock_level, locked_until"
                + " FROM login_failures WHERE user_id = ?", userId(user));
        assertEquals(1, rows.size(), "one address, one counter");
        return rows.get(0);
    }

    /** Failures from every address together. */
    private int accountFailures(TestUser user) {
        return ((Number) Db.single(dataSource, "SELECT failed_attempts FROM users WHERE id = ?", userId(user))).intValue();
    }

    private UUID userId(TestUser user) {
        return (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username());
    }

    private long events(TestUser user, String type) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events WHERE user_id = ? AND type = ?",
                userId(user), type)).longValue();
    }

    /** {@code vigil_lockouts_total} as a scraper reads it (the counter has no tags). */
    private static double lockouts() {
        String text = management().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^vigil_lockouts_total(?:\\{[^}]*\\})?\\s+(\\S+)")
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("vigil_lockouts_total is not exposed");
        }
        return Double.parseDouble(m.group(1));
    }

    static Response attempt(String login, String password) {
        return attempt(login, password, null);
    }

    static Response attempt(String login, String password, String requestId) {
        var request = given().contentType(ContentType.JSON);
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return request.body(Map.of("login", login, "password", password)).post("/api/v1/auth/login");
    }
}
