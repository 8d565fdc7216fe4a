package dev.vigil.user;

import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Outbox;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** One reset link used by many requests at once: one of them sets the password, once. */
@QuarkusTest
class PasswordResetRaceTest {

    private static final int ROUNDS = 10;
    private static final int RACERS = 10;

    @Inject
    DataSource dataSource;

    @Test
    void tenResetsWithOneTokenGiveOne204AndNineUsedToken() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = registered();
            given().contentType(ContentType.JSON).body(Map.of("login", user.username()))
                    .post("/api/v1/auth/password/forgot").then().statusCode(202);
            String token = Mailbox.awaitOne(user.email(), "password").token("/reset-password");
            List<String> passwords = IntStream.range(0, RACERS).mapToObj(i -> "cobalt meadow after rain " + i).toList();

            List<Response> responses = Race.of(RACERS, i -> reset(token, passwords.get(i)));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(1, Race.count(responses, 204, null), outcome);
            assertEquals(RACERS - 1, Race.count(responses, 400, "used-token"), outcome);
            int winner = IntStream.range(0, RACERS).filter(i -> responses.get(i).statusCode() == 204).findFirst().orElseThrow();
            Api.login(user.username(), passwords.get(winner));
            int loser = (winner + 1) % RACERS;
            given().contentType(ContentType.JSON).body(Map.of("login", user.username(), "password", passwords.get(loser)))
                    .post("/api/v1/auth/login").then().statusCode(401);
            assertEquals(1L, events(user, "password.reset"), outcome);
            assertEquals(1L, Outbox.count(dataSource, user.username(), "password-reset-done"), outcome);
        }
    }

    private long events(TestUser user, String type) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = ?", user.username(), type)).longValue();
    }

    private static Response reset(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", newPassword))
                .post("/api/v1/auth/password/reset");
    }
}
