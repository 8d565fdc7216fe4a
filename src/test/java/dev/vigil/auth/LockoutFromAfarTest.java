package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The lockout as an attacker meets it: failures are counted per (account, client address), so an
 * attacker at one address locks only that address and the owner, elsewhere, keeps logging in; only
 * {@code vigil.lockout.account-max-failures} (100) failures from all addresses together lock the
 * account everywhere, and the owner's unlock link ends that. Client addresses come from
 * {@code X-Forwarded-For} behind a trusted proxy ({@link ForwardedClients}).
 */
@QuarkusTest
@TestProfile(ForwardedClients.class)
class LockoutFromAfarTest {

    private static final String WRONG = "not the password at all";
    private static final String OWNER = "192.0.2.10";
    private static final String ATTACKER = "198.51.100.66";

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;
    @Inject
    Lockout lockout;
    @Inject
    LoginFailureHousekeeping housekeeping;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAttackerFailing5Then10Then50TimesNeverKeepsTheOwnerOut() {
        TestUser user = registered();
        Duration[] locks = { Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60) };
        int[] rounds = { 5, 10, 50 };
        for (int round = 0; round < rounds.length; round++) {
            for (int i = 0; i < rounds[round]; i++) {
                loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
            }

            loginFrom(OWNER, user.username(), user.password()).then().statusCode(200);
            Instant until = addressLock(user, ATTACKER);
            assertAddressLockLasts(user, ATTACKER, locks[round]);
            assertProblem(loginFrom(ATTACKER, user.email(), user.password()), 423, "account-locked")
                    .body("locked_until", equalTo(until.toString()));

            clock.advance(locks[round].plusMinutes(1)); // the lock ends; the attacker comes back
        }

        assertEquals(3, addressRow(user, ATTACKER).get("lock_level"), "one lock per round, each twice as long");
        assertEquals(3L, events(user, "account.locked"));
        assertEquals(65L, events(user, "login.failed"));
        assertEquals(0, accountFailures(user), "the owner's logins started the account's count over each time");
    }

    @Test
    void aWrongPasswordFromALockedAddressLooksLikeAnyOtherWrongPassword() {
        TestUser user = registered();
        TestUser other = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
        }

        Response locked = loginFrom(ATTACKER, user.username(), WRONG, "same-answer");
        Response open = loginFrom(ATTACKER, other.username(), WRONG, "same-answer");
        Response unknown = loginFrom(ATTACKER, "nobody-" + other.username(), WRONG, "same-answer");

        assertEquals(401, locked.statusCode());
        assertEquals(open.asString(), locked.asString());
        assertEquals(unknown.asString(), locked.asString());
        assertEquals(1, addressRow(user, ATTACKER).get("lock_level"), "locked once");
        assertEquals(5, accountFailures(user), "failures during a lock do not count for the account either");
    }

    @Test
    void fiftyParallelWrongLoginsFromOneAddressLockItExactlyOnce() throws Exception {
        TestUser user = registered();

        List<Integer> answers = parallel(50, () -> loginFrom(ATTACKER, user.username(), WRONG).statusCode());

        answers.forEach(status -> assertEquals(401, status, "every wrong password is a 401, locked or not"));
        Map<String, Object> row = addressRow(user, ATTACKER);
        assertEquals(1, row.get("lock_level"), "one lock, not ten");
        assertEquals(0, row.get("failed_attempts"), "failures during the lock were not counted");
        assertEquals(5, accountFailures(user), "exactly the five that locked were counted for the account");
        assertEquals(1L, events(user, "account.locked"));
        assertEquals(50L, events(user, "login.failed"));
        loginFrom(OWNER, user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        TestUser user = registered();
        for (int host = 1; host <= 5; host++) {
            loginFrom("2001:db8:1:2::" + host, user.username(), WRONG).then().statusCode(401);
        }

        assertProblem(loginFrom("2001:db8:1:2:ffff:eeee:dddd:cccc", user.username(), user.password()), 423,
                "account-locked");
        loginFrom("2001:db8:1:3::1", user.username(), user.password()).then().statusCode(200);
        assertEquals(1, addressRow(user, "2001:db8:1:2::/64").get("lock_level"));
    }

    @Test
    void aHundredFailuresFromManyAddressesLockEverywhereUntilTheUnlockLink() throws Exception {
        TestUser user = registered();
        // Four failures from each of 25 addresses: none of them reaches its own limit of five.
        AtomicInteger next = new AtomicInteger();
        Instant before = clock.instant();
        List<Integer> answers = parallel(100, () -> loginFrom("203.0.113." + (next.getAndIncrement() % 25 + 1),
                user.username(), WRONG).statusCode());
        answers.forEach(status -> assertEquals(401, status));
        Instant after = clock.instant();

        Instant until = accountLock(user);
        Instant lockedAt = until.minus(Duration.ofHours(24));
        assertTrue(!lockedAt.isBefore(before) && !lockedAt.isAfter(after),
                "a lock of max-duration (24 h) from the failure that set it; ends at " + until);
        assertProblem(loginFrom(OWNER, user.username(), user.password()), 423, "account-locked")
                .body("locked_until", equalTo(until.toString()));
        loginFrom(OWNER, user.username(), WRONG).then().statusCode(401);
        assertEquals(0L, count("SELECT count(*) FROM login_failures WHERE user_id = ? AND locked_until IS NOT NULL",
                userId(user)), "no address locked itself");

        ReceivedMail mail = Mailbox.awaitOne(user.email(), "locked");
        assertTrue(mail.text().contains("locked for every sign-in"), mail.text());
        String token = mail.token("/unlock");
        given().get("/unlock?token=" + token).then().statusCode(200)
                .body(containsString("action=\"api/v1/auth/unlock\""))
                .body(containsString(token));
        assertProblem(loginFrom(OWNER, user.username(), user.password()), 423, "account-locked"); // the page did nothing

        List<Integer> unlocks = parallel(10, () -> given().contentType(ContentType.JSON)
                .body(Map.of("token", token))
                .post("/api/v1/auth/unlock")
                .statusCode());

        assertEquals(1, unlocks.stream().filter(status -> status == 204).count(), "one unlock: " + unlocks);
        assertEquals(9, unlocks.stream().filter(status -> status == 400).count(), "nine used-token: " + unlocks);
        assertProblem(unlock(token), 400, "used-token");
        loginFrom(OWNER, user.username(), user.password()).then().statusCode(200);
        assertNull(Db.single(dataSource, "SELECT locked_until FROM users WHERE id = ?", userId(user)));
        assertEquals(0L, count("SELECT coalesce(sum(failed_attempts), 0) FROM login_failures WHERE user_id = ?",
                userId(user)), "every address's count cleared");
        assertEquals(1L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'account.unlocked'"
                + " AND actor_id = user_id AND detail->>'via' = 'link'", userId(user)));
    }

    @Test
    void theUnlockPageOnlyShowsAButtonAndItsFormUnlocksOnce() {
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
        }
        String token = Mailbox.awaitOne(user.email(), "locked").token("/unlock");

        given().get("/unlock?token=" + token).then().statusCode(200)
                .header("Content-Security-Policy", containsString("form-action 'self'"))
                .body(containsString("<form method=\"post\" action=\"api/v1/auth/unlock\""));
        assertProblem(loginFrom(ATTACKER, user.username(), user.password()), 423, "account-locked");

        Response posted = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("token", token)
                .post("/api/v1/auth/unlock");

        posted.then().statusCode(303).header("Location", endsWith("/unlock?result=unlocked"))
                .header("Location", not(containsString("/api/"))); // the link page, not the endpoint
        given().get("/unlock?result=unlocked").then().statusCode(200).body(containsString("unlocked"));
        loginFrom(ATTACKER, user.username(), user.password()).then().statusCode(200);
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", token)
                .post("/api/v1/auth/unlock")
                .then().statusCode(303).header("Location", endsWith("/unlock?result=used-token"));
        given().get("/unlock?result=used-token").then().statusCode(400).body(containsString("already used"));
        given().get("/unlock?token=" + token).then().statusCode(400).body(containsString("already used"));
    }

    @Test
    void unlockTokenProblemsAre400() {
        assertProblem(unlock("no-such-token"), 400, "invalid-token");
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG);
        }
        String token = Mailbox.awaitOne(user.email(), "locked").token("/unlock");
        clock.advance(Duration.ofHours(25));

        assertProblem(unlock(token), 400, "expired-token");
    }

    @Test
    void aPasswordResetClearsTheLocksOfEveryAddress() {
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
            loginFrom("198.51.100.67", user.username(), WRONG).then().statusCode(401);
        }
        loginFrom(OWNER, user.username(), WRONG).then().statusCode(401);

        given().contentType(ContentType.JSON).body(Map.of("login", user.username()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.awaitOne(user.email(), "reset your password").token("/reset-password");
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "cobalt meadow after rain"))
                .post("/api/v1/auth/password/reset").then().statusCode(204);

        loginFrom(ATTACKER, user.username(), "cobalt meadow after rain").then().statusCode(200);
        loginFrom("198.51.100.67", user.username(), "cobalt meadow after rain").then().statusCode(200);
        assertEquals(0, accountFailures(user));
        assertEquals(0, addressRow(user, OWNER).get("failed_attempts"), "the owner's typo is forgotten too");
    }

    @Test
    void anAdminUnlockClearsTheLocksOfEveryAddress() {
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
            loginFrom("198.51.100.67", user.username(), WRONG).then().statusCode(401);
        }
        TestUser adminUser = registered();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", adminUser.username());
        UUID admin = userId(adminUser);

        as(accessToken(adminUser)).post("/api/v1/admin/users/" + userId(user) + "/unlock").then().statusCode(204);

        loginFrom(ATTACKER, user.username(), user.password()).then().statusCode(200);
        loginFrom("198.51.100.67", user.username(), user.password()).then().statusCode(200);
        assertEquals(1L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'account.unlocked'"
                + " AND actor_id = ? AND (detail->>'locks_cleared')::int = 2", userId(user), admin));
    }

    @Test
    void theJobEndsAddressLocksAndAccountLocksWithOneEventEach() {
        TestUser user = registered();
        for (int i = 0; i < 5; i++) {
            loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
        }
        Db.update(dataSource, "UPDATE users SET locked_until = ? WHERE id = ?",
                java.sql.Timestamp.from(clock.instant().plus(Duration.ofMinutes(5))), userId(user));
        clock.advance(Duration.ofMinutes(16));

        lockout.expireEndedLocks().await().atMost(Duration.ofSeconds(10));
        lockout.expireEndedLocks().await().atMost(Duration.ofSeconds(10));

        assertNull(addressRow(user, ATTACKER).get("locked_until"));
        assertNull(Db.single(dataSource, "SELECT locked_until FROM users WHERE id = ?", userId(user)));
        assertEquals(1L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'account.unlocked'"
                + " AND detail->>'scope' = 'address' AND detail->>'address' = ?", userId(user), ATTACKER));
        assertEquals(1L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'account.unlocked'"
                + " AND detail->>'scope' = 'account'", userId(user)));
    }

    @Test
    void countersOfAddressesIdleLongerThanTheLongestLockAndADayAreForgotten() {
        TestUser user = registered();
        loginFrom(ATTACKER, user.username(), WRONG).then().statusCode(401);
        clock.advance(Duration.ofHours(24).plus(Duration.ofDays(1)).minusMinutes(1));
        loginFrom("198.51.100.67", user.username(), WRONG).then().statusCode(401);

        housekeeping.prune().await().atMost(Duration.ofSeconds(10));
        assertEquals(2L, count("SELECT count(*) FROM login_failures WHERE user_id = ?", userId(user)),
                "a minute short of max-duration and a day, both stay");

        clock.advance(Duration.ofMinutes(2));
        housekeeping.prune().await().atMost(Duration.ofSeconds(10));

        assertEquals(List.of("198.51.100.67"), Db.query(dataSource, "SELECT address FROM login_failures WHERE user_id = ?",
                userId(user)).stream().map(row -> row.get("address")).toList());
    }

    /**
     * The address's lock runs {@code expected} from the failure that set it, the address's last counted
     * one ({@code last_failed_at}); both instants come from one reading of the clock.
     */
    private void assertAddressLockLasts(TestUser user, String address, Duration expected) {
        Map<String, Object> row = Db.query(dataSource, "SELECT locked_until, last_failed_at FROM login_failures"
                + " WHERE user_id = ? AND address = ?", userId(user), address).get(0);
        Instant lockedAt = ((java.sql.Timestamp) row.get("last_failed_at")).toInstant();
        assertEquals(expected, Duration.between(lockedAt, ((java.sql.Timestamp) row.get("locked_until")).toInstant()));
    }

    private Instant addressLock(TestUser user, String address) {
        return ((java.sql.Timestamp) addressRow(user, address).get("locked_until")).toInstant();
    }

    private Instant accountLock(TestUser user) {
        return ((java.sql.Timestamp) Db.single(dataSource, "SELECT locked_until FROM users WHERE id = ?", userId(user)))
                .toInstant();
    }

    private Map<String, Object> addressRow(TestUser user, String address) {
        List<Map<String, Object>> rows = Db.query(dataSource, "SELECT failed_attempts, lock_level, locked_until"
                + " FROM login_failures WHERE user_id = ? AND address = ?", userId(user), address);
        assertEquals(1, rows.size(), "one counter for " + address);
        return rows.get(0);
    }

    private int accountFailures(TestUser user) {
        return ((Number) Db.single(dataSource, "SELECT failed_attempts FROM users WHERE id = ?", userId(user))).intValue();
    }

    private UUID userId(TestUser user) {
        return (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username());
    }

    private long events(TestUser user, String type) {
        return count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = ?", userId(user), type);
    }

    private long count(String sql, Object... args) {
        return ((Number) Db.single(dataSource, sql, args)).longValue();
    }

    /** Runs {@code n} calls at once (all released together) and returns their answers. */
    private static List<Integer> parallel(int n, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 16));
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private static Response unlock(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/auth/unlock");
    }

    private static Response loginFrom(String address, String login, String password) {
        return loginFrom(address, login, password, null);
    }

    private static Response loginFrom(String address, String login, String password, String requestId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Forwarded-For", address);
        if (requestId != null) {
            headers.put("X-Request-Id", requestId);
        }
        return given().contentType(ContentType.JSON)
                .headers(headers)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }
}
