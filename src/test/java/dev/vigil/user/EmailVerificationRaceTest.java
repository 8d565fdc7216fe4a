package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Verification links used at the same moment: each is spent once, and one address has one owner. */
@QuarkusTest
class EmailVerificationRaceTest {

    private static final int ROUNDS = 10;
    private static final int RACERS = 10;

    @Inject
    DataSource dataSource;

    @Test
    void tenUsesOfOneVerificationTokenGiveOne204AndNineUsedToken() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = registered();
            String token = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");

            List<Response> responses = Race.of(RACERS, i -> verify(token));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(1, Race.count(responses, 204, null), outcome);
            assertEquals(RACERS - 1, Race.count(responses, 400, "used-token"), outcome);
            assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u"
                    + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'email.verified'", user.username())).longValue(),
                    outcome);
            as(accessToken(user)).get("/api/v1/me").then().statusCode(200).body("email_verified", equalTo(true));
        }
    }

    @Test
    void twoUsersConfirmingTheSameNewAddressAtOnceLeaveItWithOneOfThem() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser first = registered();
            TestUser second = registered();
            String address = "shared-" + first.username() + "@example.net";
            String firstToken = askToMove(first, address, 1);
            String secondToken = askToMove(second, address, 2);

            List<Response> responses = Race.of(2, i -> verify(i == 0 ? firstToken : secondToken));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(1, Race.count(responses, 204, null), outcome);
            assertEquals(1, Race.count(responses, 400, "invalid-token"), outcome);
            assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE lower(email) = lower(?)",
                    address)).longValue(), outcome);
            TestUser loser = responses.get(0).statusCode() == 204 ? second : first;
            as(accessToken(loser)).get("/api/v1/me").then().statusCode(200).body("email", equalTo(loser.email()));
        }
    }

    /** Asks to change the user's address; the token of the {@code nth} mail to the new one, which is this one's. */
    private static String askToMove(TestUser user, String address, int nth) {
        as(accessToken(user)).contentType(ContentType.JSON).body(Map.of("email", address, "current_password", user.password()))
                .patch("/api/v1/me")
                .then().statusCode(200);
        return Mailbox.await(address, nth).get(nth - 1).token("/verify-email");
    }

    private static Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/auth/verify-email");
    }
}
