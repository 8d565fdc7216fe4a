package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.common.password.PasswordHasher;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The admin PIN as a second secret under attack: guessing is counted on the PIN alone (never on the
 * login), exactly even in parallel, and five wrong PINs in a row refuse every PIN, the
 * right one included, for 15 minutes, doubling per further lock up to a day.
 */
@QuarkusTest
@TestProfile(AdminTestProfile.class)
class AdminPinLockTest {

    private static final String PIN = "739154";
    private static final String PIN_REQUIRED = "admin-pin-required";

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;
    @Inject
    PasswordHasher hasher;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /**
     * A flood of simultaneous guesses, 20 at a time. The right PIN sits at place 100: its request
     * starts only after at least 81 others have been answered, and those cannot all have been
     * answered without five counted attempts, that is without the lock; so it is refused too.
     * (Kept to 200 requests so that it stays well inside the test client's timeout on a busy
     * machine; the 1,000-guess attack is the next test, on the movable clock.)
     */
    @Test
    void aFloodOfParallelGuessesFindsNothingAndNeverLocksTheLogin() throws Exception {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            guesses.add(String.format("%06d", i * 997 % 1_000_000)); // 200 distinct 6-digit PINs, none of them 739154
        }
        guesses.add(100, PIN); // the right PIN, in the middle of the flood

        Set<String> answers = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (String guess : guesses) {
                sent.add(pool.submit(() -> ban(admin, target, guess, "brute-force")));
            }
            for (Future<Response> response : sent) {
                Response answer = response.get();
                assertProblem(answer, 403, PIN_REQUIRED);
                answers.add(answer.asString());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, answers.size(), "every guess got the very same answer: " + answers);
        assertNull(Db.single(dataSource, "SELECT banned_at FROM users WHERE id = ?", target.id()), "nothing got through");
        assertProblem(ban(admin, target, PIN, null), 403, PIN_REQUIRED);
        assertEquals(1, pinState(admin).get("admin_pin_lock_level"), "one lock for the whole flood");
        assertEquals(1L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'admin-pin.locked'", admin));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE user_id = ? AND template = 'admin-pin-locked'", admin));

        // The login is the admin's other secret and a separate counter: untouched.
        given().contentType(ContentType.JSON)
                .body(Map.of("login", admin.user().username(), "password", admin.user().password()))
                .post("/api/v1/auth/login").then().statusCode(200);
        assertEquals(0L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'login.failed'", admin));
    }

    /**
     * The patient attacker: 1,000 different wrong PINs, one a minute on the movable clock, through an
     * API key that outlives the clock's moves. Each lock refuses what arrives meanwhile uncompared, so
     * only five PINs per lock are ever checked, and locks grow from 15 minutes to a day.
     */
    @Test
    void aThousandWrongPinsOneAMinuteFindNothingAndAreMostlyNeverCompared() {
        Admins.Person admin = adminWithPin(PIN);
        String key = adminKey(admin);
        Admins.Person target = Admins.user(dataSource);

        for (int i = 0; i < 1000; i++) {
            String guess = String.format("%06d", (i * 7919 + 13) % 1_000_000); // distinct, never 739154
            assertProblem(unlock(key, target, guess), 403, PIN_REQUIRED);
            clock.advance(Duration.ofMinutes(1));
        }

        Map<String, Object> state = pinState(admin);
        int locks = (Integer) state.get("admin_pin_lock_level");
        int compared = 5 * locks + (Integer) state.get("admin_pin_failures");
        // 1,000 minutes: locks of 15, 30, 60, 120, 240 and 480 minutes plus the five guesses before each
        // (975 minutes), then the seventh lock; so 35 of the 1,000 PINs were ever compared.
        assertEquals(7, locks, "locks so far: " + state);
        assertEquals(35, compared);
        assertEquals(7L, count("SELECT count(*) FROM outbox WHERE user_id = ? AND template = 'admin-pin-locked'", admin),
                "every lock mails the admin");
        assertEquals(0L, count("SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'login.failed'", admin));
        assertEquals(0, Db.single(dataSource, "SELECT failed_attempts FROM users WHERE id = ?", admin.id()),
                "the login counted nothing");

        // The seventh lock lasts 16 hours and began less than an hour ago; once it is over, the
        // admin's own PIN works again at once.
        Duration left = Duration.between(clock.instant(), lockedUntil(admin));
        assertTrue(left.compareTo(Duration.ofHours(15)) > 0 && left.compareTo(Duration.ofHours(16)) <= 0, left.toString());
        assertProblem(unlock(key, target, PIN), 403, PIN_REQUIRED);
        clock.advance(Duration.between(clock.instant(), lockedUntil(admin)).plusSeconds(1));
        unlock(key, target, PIN).then().statusCode(204);
    }

    @Test
    void requestsWithoutAPinAreNoGuesses() {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);

        for (int i = 0; i < 20; i++) {
            assertProblem(unlock(admin, target, i % 2 == 0 ? null : ""), 403, PIN_REQUIRED);
        }

        assertEquals(0, pinState(admin).get("admin_pin_failures"));
        assertNull(pinState(admin).get("admin_pin_locked_until"));
        unlock(admin, target, PIN).then().statusCode(204);
    }

    @Test
    void simultaneousWrongPinsAreCountedExactlyAndTheFifthLocksOnce() throws Exception {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);

        inParallel(4, () -> unlock(admin, target, "111111"));
        assertEquals(4, pinState(admin).get("admin_pin_failures"), "four wrong PINs at once count four");
        assertNull(pinState(admin).get("admin_pin_locked_until"));

        inParallel(50, () -> unlock(admin, target, "222222"));
        Map<String, Object> state = pinState(admin);
        assertEquals(1, state.get("admin_pin_lock_level"), "the fifth locked, the other 49 found the lock");
        assertEquals(0, state.get("admin_pin_failures"), "attempts during the lock are not counted");
        assertLockLasts(admin, Duration.ofMinutes(15));
        assertProblem(unlock(admin, target, PIN), 403, PIN_REQUIRED);
    }

    @Test
    void aRightPinResetsTheCount() {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertProblem(unlock(admin, target, "000000"), 403, PIN_REQUIRED);
            }
            unlock(admin, target, PIN).then().statusCode(204); // the fifth attempt, and the right one
        }

        Map<String, Object> state = pinState(admin);
        assertEquals(0, state.get("admin_pin_failures"));
        assertEquals(0, state.get("admin_pin_lock_level"));
        assertNull(state.get("admin_pin_locked_until"));
    }

    @Test
    void missingWrongAndLockedPinsGetTheSameAnswer() {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);

        Response missing = ban(admin, target, null, "same-answer");
        Response wrong = ban(admin, target, "123456", "same-answer");
        Response garbage = ban(admin, target, "not a pin at all", "same-answer");
        Response empty = ban(admin, target, "", "same-answer"); // an empty header is a missing PIN
        assertEquals(2, pinState(admin).get("admin_pin_failures"), "two guesses; the missing PINs made none");
        ban(admin, target, "654321", null);
        ban(admin, target, "765432", null);
        ban(admin, target, "876543", null); // the fifth wrong PIN: the PIN locks
        assertTrue(pinState(admin).get("admin_pin_locked_until") != null, "locked now");
        Response locked = ban(admin, target, "999999", "same-answer");
        Response rightWhileLocked = ban(admin, target, PIN, "same-answer");

        assertProblem(missing, 403, PIN_REQUIRED);
        for (Response other : List.of(empty, wrong, garbage, locked, rightWhileLocked)) {
            assertProblem(other, 403, PIN_REQUIRED);
            assertEquals(missing.asString(), other.asString());
            assertEquals(missing.getContentType(), other.getContentType());
            assertNull(other.getHeader("Retry-After"), "a lock never shows");
        }
    }

    @Test
    void aLockMailsTheAdminAndEndsByItself() {
        Admins.Person admin = adminWithPin(PIN);
        String key = adminKey(admin);
        Admins.Person target = Admins.user(dataSource);
        lockPin(admin, key, target);
        Instant until = lockedUntil(admin);

        ReceivedMail mail = Mailbox.awaitOne(admin.user().email(), "admin PIN was locked");
        assertTrue(mail.text().contains(until.toString()), mail.text());
        assertTrue(mail.html().contains(until.toString()), mail.html());
        assertTrue(mail.link("/forgot-password").startsWith("http://localhost:8080/forgot-password"), mail.text());

        clock.advance(Duration.ofMinutes(14));
        assertProblem(unlock(key, target, PIN), 403, PIN_REQUIRED);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        unlock(key, target, PIN).then().statusCode(204);
    }

    @Test
    void eachFurtherLockDoublesUpToADayAndARightPinStartsOver() {
        Admins.Person admin = adminWithPin(PIN);
        String key = adminKey(admin);
        Admins.Person target = Admins.user(dataSource);

        lockPin(admin, key, target);
        assertLockLasts(admin, Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(16));
        lockPin(admin, key, target);
        assertLockLasts(admin, Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        lockPin(admin, key, target);
        assertLockLasts(admin, Duration.ofMinutes(60));

        Db.update(dataSource, "UPDATE users SET admin_pin_lock_level = 12 WHERE id = ?", admin.id());
        clock.advance(Duration.ofMinutes(61));
        lockPin(admin, key, target);
        assertLockLasts(admin, Duration.ofHours(24));
        assertEquals(4L, count("SELECT count(*) FROM outbox WHERE user_id = ? AND template = 'admin-pin-locked'", admin),
                "every lock mails the admin");

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        unlock(key, target, PIN).then().statusCode(204);
        lockPin(admin, key, target);
        assertLockLasts(admin, Duration.ofMinutes(15));
    }

    @Test
    void settingANewPinWithThePasswordEndsTheLock() {
        Admins.Person admin = adminWithPin(PIN);
        Admins.Person target = Admins.user(dataSource);
        lockPin(admin, admin.token(), target);

        setPin(admin, "58203417").then().statusCode(204);

        unlock(admin, target, "58203417").then().statusCode(204);
        assertEquals(0, pinState(admin).get("admin_pin_lock_level"));
    }

    @Test
    void anOldShortPinStillWorksButEveryUseAsksForANewOne() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        // A 4-digit PIN set before PINs needed six digits: the API no longer takes one.
        assertProblem(setPin(admin, "4821"), 400, "validation-failed");
        Db.update(dataSource, "UPDATE users SET admin_pin_hash = ? WHERE id = ?",
                hasher.hash("4821").await().atMost(Duration.ofSeconds(30)), admin.id());

        assertProblem(unlock(admin, target, null), 403, PIN_REQUIRED);
        unlock(admin, target, "4821").then().statusCode(204)
                .header("X-Admin-Pin-Change", "required");

        setPin(admin, "48213377").then().statusCode(204);
        Response withNewPin = unlock(admin, target, "48213377");
        withNewPin.then().statusCode(204);
        assertNull(withNewPin.getHeader("X-Admin-Pin-Change"));
    }

    private Admins.Person adminWithPin(String pin) {
        Admins.Person admin = Admins.admin(dataSource);
        setPin(admin, pin).then().statusCode(204);
        return admin;
    }

    /** Five wrong PINs: the fifth locks. */
    private void lockPin(Admins.Person admin, String credential, Admins.Person target) {
        for (int i = 0; i < 5; i++) {
            assertProblem(unlock(credential, target, "00000" + i), 403, PIN_REQUIRED);
        }
        assertTrue(lockedUntil(admin).isAfter(clock.instant()), "locked");
    }

    /** An admin-scoped API key of the admin: it keeps working when a test moves the clock past a token's life. */
    private static String adminKey(Admins.Person admin) {
        return as(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "admin tools", "scopes", List.of("admin")))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");
    }

    private void assertLockLasts(Admins.Person admin, Duration expected) {
        Duration lasts = Duration.between(clock.instant(), lockedUntil(admin));
        assertTrue(lasts.compareTo(expected) <= 0 && lasts.compareTo(expected.minusMinutes(1)) > 0,
                "expected a lock of " + expected + ", got " + lasts);
    }

    private Instant lockedUntil(Admins.Person admin) {
        return ((java.sql.Timestamp) pinState(admin).get("admin_pin_locked_until")).toInstant();
    }

    private Map<String, Object> pinState(Admins.Person admin) {
        return Db.query(dataSource, "SELECT admin_pin_failures, admin_pin_lock_level, admin_pin_locked_until FROM users"
                + " WHERE id = ?", admin.id()).get(0);
    }

    private long count(String sql, Admins.Person admin) {
        return ((Number) Db.single(dataSource, sql, admin.id())).longValue();
    }

    private static void inParallel(int requests, java.util.concurrent.Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(call));
            }
            for (Future<Response> response : sent) {
                assertProblem(response.get(), 403, PIN_REQUIRED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response setPin(Admins.Person person, String pin) {
        return as(person.token()).contentType(ContentType.JSON)
                .body(Map.of("password", person.user().password(), "pin", pin))
                .put("/api/v1/me/admin-pin");
    }

    private static Response unlock(Admins.Person admin, Admins.Person target, String pin) {
        return unlock(admin.token(), target, pin);
    }

    /** With an access token or an API key (which, unlike a token, outlives moving the clock). */
    private static Response unlock(String credential, Admins.Person target, String pin) {
        var request = as(credential);
        if (pin != null) {
            request = request.header("X-Admin-Pin", pin);
        }
        return request.post("/api/v1/admin/users/" + target.id() + "/unlock");
    }

    private static Response ban(Admins.Person admin, Admins.Person target, String pin, String requestId) {
        var request = as(admin.token()).contentType(ContentType.JSON);
        if (pin != null) {
            request = request.header("X-Admin-Pin", pin);
        }
        if (requestId != null) {
            request = request.header("X-Request-Id", requestId);
        }
        return request.body(Map.of("reason", "guessing")).post("/api/v1/admin/users/" + target.id() + "/ban");
    }
}
