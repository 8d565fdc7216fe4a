package dev.vigil.user;

import static dev.vigil.support.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Db;
import dev.vigil.support.Outbox;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Simultaneous registrations answer what the same requests one after the other would: the unique
 * indexes decide who was first, and the others get the answer a later request gets.
 */
@QuarkusTest
class RegistrationRaceTest {

    private static final int ROUNDS = 10;
    private static final int RACERS = 10;

    @Inject
    DataSource dataSource;

    @Test
    void tenRegistrationsOfOneUsernameGiveOne202AndNine409() {
        for (int round = 0; round < ROUNDS; round++) {
            String username = newUser().username();

            List<Response> responses = Race.of(RACERS, i -> register(username, newUser().email()));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(1, Race.count(responses, 202, null), outcome);
            assertEquals(RACERS - 1, Race.count(responses, 409, "username-taken"), outcome);
            assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users u JOIN accounts a"
                    + " ON a.user_id = u.id WHERE u.username = ?", username)).longValue(), "one user with one account");
        }
    }

    @Test
    void tenRegistrationsOfOneEmailAllGet202OneUserAndTheOwnerANoticePerExtraAttempt() {
        for (int round = 0; round < ROUNDS; round++) {
            String email = newUser().email();

            List<Response> responses = Race.of(RACERS, i -> register(newUser().username(), email));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(RACERS, Race.count(responses, 202, null), outcome);
            assertEquals(1, responses.stream().map(Response::asString).distinct().count(), "one answer for all");
            assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE lower(email) = lower(?)",
                    email)).longValue(), outcome);
            List<Outbox.Message> mails = Outbox.to(dataSource, email);
            assertEquals(1, mails.stream().filter(m -> m.template().equals("verify-email")).count(), mails.toString());
            assertEquals(RACERS - 1, mails.stream().filter(m -> m.template().equals("registration-attempt")).count(),
                    mails.toString());
        }
    }

    private static Response register(String username, String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", email, "password", Api.PASSWORD))
                .post("/api/v1/auth/register");
    }
}
