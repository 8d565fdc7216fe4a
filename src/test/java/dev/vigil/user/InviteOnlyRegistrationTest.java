package dev.vigil.user;

import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(InviteOnlyRegistrationTest.InviteOnly.class)
class InviteOnlyRegistrationTest {

    /** A deployment that only lets invited people in. */
    public static class InviteOnly implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.registration.mode", "invite-only");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void registrationWithoutAnInviteIs403AndCreatesNobody() {
        TestUser user = newUser();

        assertProblem(register(body(user)), 403, "invite-required");

        assertNobodyRegistered(user);
    }

    @Test
    void registrationWithAnUnknownInviteTokenIs403() {
        TestUser user = newUser();
        Map<String, Object> body = body(user);
        body.put("invite_token", "not-a-real-invitation-token");

        assertProblem(register(body), 403, "invite-required");

        assertNobodyRegistered(user);
    }

    private void assertNobodyRegistered(TestUser user) {
        assertEquals(0L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE username = ? OR lower(email) = lower(?)",
                user.username(), user.email())).longValue());
        assertTrue(Outbox.to(dataSource, user.email()).isEmpty(), "no mail to an uninvited address");
        given().queryParam("username", user.username()).get("/api/v1/auth/username-available")
                .then().statusCode(200).body("available", equalTo(true));
    }

    private static Map<String, Object> body(TestUser user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.username());
        body.put("email", user.email());
        body.put("password", user.password());
        return body;
    }

    private static Response register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register");
    }
}
