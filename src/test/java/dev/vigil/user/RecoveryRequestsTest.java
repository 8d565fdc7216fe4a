package dev.vigil.user;

import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The timing attack on recovery: "forgot password" and "forgot username" must do the same work for
 * an address that has an account and one that has not. Both queue exactly one outbox job of the same
 * shape and answer; what the job finds happens later, where nobody is timing it.
 */
@QuarkusTest
class RecoveryRequestsTest {

    @Inject
    DataSource dataSource;

    @Test
    void forgotPasswordQueuesTheSameJobForKnownAndUnknownLogins() {
        TestUser owner = registered();
        String stranger = "stranger-" + UUID.randomUUID() + "@example.org";

        post("/api/v1/auth/password/forgot", Map.of("login", owner.email()));
        post("/api/v1/auth/password/forgot", Map.of("login", stranger));

        assertEquals(jobs("password-reset-request", "login", owner.email()), jobs("password-reset-request", "login", stranger),
                "the request wrote the same rows, whether or not the login has an account");
        assertEquals(List.of(Map.of("kind", "job", "user_id", "none", "keys", "login")),
                jobs("password-reset-request", "login", stranger));
        eventually("both jobs ran", () -> jobDone("login", owner.email()) && jobDone("login", stranger));
        Mailbox.awaitOne(owner.email(), "password");
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ?", stranger),
                "an unknown login gets no mail");
    }

    @Test
    void forgotUsernameQueuesTheSameJobForKnownAndUnknownAddresses() {
        TestUser owner = registered();
        String stranger = "stranger-" + UUID.randomUUID() + "@example.org";

        post("/api/v1/auth/username/forgot", Map.of("email", owner.email()));
        post("/api/v1/auth/username/forgot", Map.of("email", stranger));

        assertEquals(jobs("username-reminder-request", "email", owner.email()),
                jobs("username-reminder-request", "email", stranger));
        eventually("both jobs ran", () -> jobDone("email", owner.email()) && jobDone("email", stranger));
        String reminder = Mailbox.awaitOne(owner.email(), "username").text();
        assertTrue(reminder.contains(owner.username()), reminder);
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ?", stranger));
    }

    @Test
    void aSecondRequestWithinTheCooldownMailsNothingMore() {
        TestUser owner = registered();

        post("/api/v1/auth/password/forgot", Map.of("login", owner.username()));
        eventually("the first job ran", () -> jobDone("login", owner.username()));
        post("/api/v1/auth/password/forgot", Map.of("login", owner.username()));
        eventually("the second job ran", () -> (long) Db.single(dataSource, "SELECT count(*) FROM outbox WHERE kind = 'job'"
                + " AND payload ->> 'login' = ? AND status = 'sent'", owner.username()) == 2L);

        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ? AND template = 'password-reset'",
                owner.email()), "at most one reset mail per account per minute");
    }

    private void post(String path, Map<String, String> body) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(202);
    }

    /** The rows the request left, described without what differs between any two rows (ids, times). */
    private List<Map<String, String>> jobs(String job, String field, String value) {
        return Db.query(dataSource, "SELECT kind, coalesce(user_id::text, 'none') AS user_id,"
                        + " (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(payload) AS k) AS keys"
                        + " FROM outbox WHERE template = ? AND payload ->> ? = ?", job, field, value)
                .stream()
                .map(row -> Map.of("kind", String.valueOf(row.get("kind")), "user_id", String.valueOf(row.get("user_id")),
                        "keys", String.valueOf(row.get("keys"))))
                .toList();
    }

    private boolean jobDone(String field, String value) {
        return "sent".equals(Db.single(dataSource, "SELECT status FROM outbox WHERE kind = 'job' AND payload ->> ? = ?",
                field, value));
    }
}
