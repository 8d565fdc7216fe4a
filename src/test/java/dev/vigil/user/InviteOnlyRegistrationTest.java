package dev.vigil.user;

import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(InviteOnlyRegistrationTest.InviteOnly.class)
class InviteOnlyRegistrationTest {

    static final String BOOTSTRAP_USERNAME = "first-boss";
    static final String BOOTSTRAP_EMAIL = "First.Boss@Example.org";
    static final String BOOTSTRAP_PASSWORD = "quiet copper meadow 77";

    /** A deployment that only lets invited people in, with a superuser created at start to invite them. */
    public static class InviteOnly implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.registration.mode", "invite-only",
                    "vigil.bootstrap-admin.username", BOOTSTRAP_USERNAME,
                    "vigil.bootstrap-admin.email", BOOTSTRAP_EMAIL,
                    "vigil.bootstrap-admin.password", BOOTSTRAP_PASSWORD);
        }
    }

    @Inject
    RegistrationService registration;

    /**
     * The start created the bootstrap superuser if the database had none. Tests of other classes
     * share this JVM's database and may have left superusers behind; then this does what the start
     * does, after demoting them.
     */
    @BeforeEach
    void bootstrapSuperuserExists() throws Throwable {
        if (Db.query(dataSource, "SELECT 1 FROM users WHERE username = ?", BOOTSTRAP_USERNAME).isEmpty()) {
            Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE roles LIKE '%superuser%'");
            VertxContextSupport.subscribeAndAwait(
                    () -> registration.createFirstSuperuser(BOOTSTRAP_USERNAME, BOOTSTRAP_EMAIL, BOOTSTRAP_PASSWORD));
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

    @Test
    void theBootstrapSuperuserExistsOnceWithEveryRole() throws Throwable {
        String token = Api.login(BOOTSTRAP_USERNAME, BOOTSTRAP_PASSWORD).getString("access_token");

        Api.as(token).get("/api/v1/me").then().statusCode(200)
                .body("roles", contains("user", "admin", "superuser"))
                .body("email_verified", equalTo(true));
        boolean createdAgain = VertxContextSupport.subscribeAndAwait(
                () -> registration.createFirstSuperuser("second-boss", "second@example.org", BOOTSTRAP_PASSWORD));
        assertFalse(createdAgain, "a superuser exists, so a second start creates none");
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE roles LIKE '%superuser%'"))
                .longValue());
    }

    @Test
    void anInvitedAddressMayRegisterAndTheInviteWorksOnce() {
        String admin = Api.login(BOOTSTRAP_USERNAME, BOOTSTRAP_PASSWORD).getString("access_token");
        TestUser invited = newUser();
        Api.as(admin).contentType(ContentType.JSON).body(Map.of("email", invited.email()))
                .post("/api/v1/admin/invites").then().statusCode(201);
        String token = Mailbox.awaitOne(invited.email(), "invited").token("/accept-invite");
        Map<String, Object> body = body(invited);
        body.put("invite_token", token);

        register(body).then().statusCode(202);
        Api.login(invited);

        TestUser second = newUser();
        Map<String, Object> again = body(second);
        again.put("email", invited.email());
        again.put("invite_token", token);
        assertProblem(register(again), 403, "invite-required");
    }

    @Test
    void anInviteForAnotherAddressIs403() {
        String admin = Api.login(BOOTSTRAP_USERNAME, BOOTSTRAP_PASSWORD).getString("access_token");
        TestUser invited = newUser();
        TestUser stranger = newUser();
        Api.as(admin).contentType(ContentType.JSON).body(Map.of("email", invited.email()))
                .post("/api/v1/admin/invites").then().statusCode(201);
        String token = Mailbox.awaitOne(invited.email(), "invited").token("/accept-invite");
        Map<String, Object> body = body(stranger);
        body.put("invite_token", token);

        assertProblem(register(body), 403, "invite-required");

        assertNobodyRegistered(stranger);
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
