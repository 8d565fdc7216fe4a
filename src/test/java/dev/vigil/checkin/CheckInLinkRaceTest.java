package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.support.Api.verified;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A reminder's one-click link clicked many times at once checks in once. */
@QuarkusTest
class CheckInLinkRaceTest {

    private static final int ROUNDS = 10;
    private static final int RACERS = 10;

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
    void tenUsesOfOneCheckInLinkGiveOne200AndNineUsedToken() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = verified();
            enable(user, "P10D");
            clock.advance(Duration.ofDays(4));
            scan();
            String token = Mailbox.awaitOne(user.email(), "Please check in").token("/check-in");
            long deadlineBefore = deadlineNo(user);

            List<Response> responses = Race.of(RACERS, i -> given().contentType(ContentType.JSON)
                    .body(Map.of("token", token)).post("/api/v1/check-in"));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(1, Race.count(responses, 200, null), outcome);
            assertEquals(RACERS - 1, Race.count(responses, 400, "used-token"), outcome);
            assertEquals(deadlineBefore + 1, deadlineNo(user), "one check-in, one new deadline; " + outcome);
        }
    }

    private long deadlineNo(TestUser user) {
        return ((Number) Db.single(dataSource, "SELECT c.deadline_no FROM check_ins c JOIN users u ON u.id = c.user_id"
                + " WHERE u.username = ?", user.username())).longValue();
    }

    private void scan() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> scanner.scan());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
