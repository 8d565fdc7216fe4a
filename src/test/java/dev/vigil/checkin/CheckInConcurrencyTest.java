package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.put;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two devices using the switch at once: every change reads the switch locked, so simultaneous
 * requests answer what the same requests one after the other would, and each check-in starts
 * exactly one new deadline.
 */
@QuarkusTest
class CheckInConcurrencyTest {

    private static final int ROUNDS = 10;
    private static final int PARALLEL = 10;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL);

    @Inject
    DataSource dataSource;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void simultaneousFirstConfigurationsAllSucceedAndLeaveOneSwitch() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = verified();
            String token = accessToken(user);

            List<Response> answers = together(() -> put(token, Map.of("enabled", true, "interval", "P10D")));

            for (Response answer : answers) {
                assertEquals(200, answer.statusCode(), answer.asString());
            }
            String userId = Sessions.userId(token);
            assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM check_ins WHERE user_id = ?::uuid", userId));
            assertEquals((long) PARALLEL, Db.single(dataSource, "SELECT deadline_no FROM check_ins WHERE user_id = ?::uuid",
                    userId), "each configuration started one deadline");
        }
    }

    @Test
    void simultaneousCheckInsEachStartOneDeadline() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = verified();
            String token = accessToken(user);
            put(token, Map.of("enabled", true, "interval", "P10D")).then().statusCode(200);
            String userId = Sessions.userId(token);
            long before = (Long) Db.single(dataSource, "SELECT deadline_no FROM check_ins WHERE user_id = ?::uuid", userId);

            List<Response> answers = together(() -> as(token).post("/api/v1/me/check-in"));

            long succeeded = answers.stream().filter(answer -> answer.statusCode() == 200).count();
            assertEquals(PARALLEL, succeeded, "every check-in of an enabled switch succeeds");
            assertEquals(before + succeeded, Db.single(dataSource, "SELECT deadline_no FROM check_ins WHERE user_id = ?::uuid",
                    userId), "round " + round + ": one new deadline per check-in");
        }
    }

    @Test
    void pausingWhileCheckingInAnswersLikeOneAfterTheOther() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = verified();
            String token = accessToken(user);
            put(token, Map.of("enabled", true, "interval", "P10D")).then().statusCode(200);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            futures.add(POOL.submit(() -> {
                start.await();
                return as(token).contentType(ContentType.JSON).body("{\"account\": {\"account_status\": \"paused\"}}")
                        .patch("/api/v1/me");
            }));
            for (int i = 1; i < PARALLEL; i++) {
                futures.add(POOL.submit(() -> {
                    start.await();
                    return as(token).post("/api/v1/me/check-in");
                }));
            }
            start.countDown();

            assertEquals(200, futures.get(0).get(60, TimeUnit.SECONDS).statusCode(), "the pause");
            for (Future<Response> checkIn : futures.subList(1, futures.size())) {
                int status = checkIn.get(60, TimeUnit.SECONDS).statusCode();
                assertTrue(status == 200 || status == 409, "a check-in before the pause (200) or after it (409): " + status);
            }
            String userId = Sessions.userId(token);
            assertEquals(true, Db.single(dataSource, "SELECT suspended FROM check_ins WHERE user_id = ?::uuid", userId),
                    "round " + round + ": the switch stays paused");
            assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM check_ins WHERE user_id = ?::uuid"
                    + " AND next_reminder_at IS NOT NULL", userId), "a paused switch plans no reminder");
        }
    }

    private static List<Response> together(Callable<Response> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            futures.add(POOL.submit(() -> {
                start.await();
                return request.call();
            }));
        }
        start.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }
}
