package dev.vigil.ratelimit;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Registration and every endpoint that mails on request are throttled per IP and per target. */
@QuarkusTest
@TestProfile(ThrottlesOn.class)
class MailThrottleTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    /** Full budgets for each test: see {@link LoginThrottleTest#refillBudgets()}. */
    @BeforeEach
    void refillBudgets() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void theFifthRegistrationFromOneIpInAnHourIs429() {
        for (int i = 0; i < 4; i++) {
            Api.register(Api.newUser());
        }
        TestUser fifth = Api.newUser();

        Response refused = register(fifth.username(), fifth.email());

        assertProblem(refused, 429, "rate-limited");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter > 800 && retryAfter <= 900, "about one interval (1 h / 4), was " + retryAfter);
        assertTrue(Outbox.to(dataSource, fifth.email()).isEmpty(), "nothing mailed for a refused registration");
    }

    @Test
    void theInvitationFormSharesTheRegistrationBudgetOfItsIp() {
        for (int i = 0; i < 4; i++) {
            Api.register(Api.newUser());
        }

        Response refused = given().contentType(ContentType.URLENC)
                .formParam("token", "not-an-invitation").formParam("username", "someone")
                .formParam("password", "a long enough password 1")
                .post("/accept-invite");

        assertProblem(refused, 429, "rate-limited");
    }

    @Test
    void registrationsForOneAddressAreLimitedWhateverItsSpelling() {
        TestUser user = Api.newUser();
        register(user.username(), user.email()).then().statusCode(202);
        register("x" + user.username(), user.email().toUpperCase()).then().statusCode(202);

        assertProblem(register("y" + user.username(), " " + user.email().toLowerCase()), 429, "rate-limited");
    }

    @Test
    void forgotPasswordIsLimitedPerLoginAndAnswersTheSameForUnknownLogins() {
        TestUser user = registered();
        String unknown = "nobody-" + UUID.randomUUID();
        post("/api/v1/auth/password/forgot", Map.of("login", user.username())).then().statusCode(202);
        post("/api/v1/auth/password/forgot", Map.of("login", user.username().toUpperCase())).then().statusCode(202);
        // Three requests from this IP, within its limit of four: the login's own limit of two answered.
        Response known = post("/api/v1/auth/password/forgot", Map.of("login", user.username()));
        refillBudgets();
        post("/api/v1/auth/password/forgot", Map.of("login", unknown)).then().statusCode(202);
        post("/api/v1/auth/password/forgot", Map.of("login", unknown.toUpperCase())).then().statusCode(202);
        Response nobody = post("/api/v1/auth/password/forgot", Map.of("login", unknown));

        assertProblem(known, 429, "rate-limited");
        assertProblem(nobody, 429, "rate-limited");
        int knownWait = Integer.parseInt(known.header("Retry-After"));
        int nobodyWait = Integer.parseInt(nobody.header("Retry-After"));
        assertTrue(Math.abs(knownWait - nobodyWait) <= 1, knownWait + " vs " + nobodyWait);
    }

    @Test
    void allMailEndpointsShareOneBudgetPerIp() {
        post("/api/v1/auth/password/forgot", Map.of("login", "nobody-" + UUID.randomUUID())).then().statusCode(202);
        post("/api/v1/auth/username/forgot", Map.of("email", UUID.randomUUID() + "@example.org")).then().statusCode(202);
        given().contentType(ContentType.URLENC).formParam("login", "nobody-" + UUID.randomUUID())
                .post("/forgot-password").then().statusCode(200);
        post("/api/v1/auth/username/forgot", Map.of("email", UUID.randomUUID() + "@example.org")).then().statusCode(202);

        assertProblem(post("/api/v1/auth/username/forgot", Map.of("email", UUID.randomUUID() + "@example.org")),
                429, "rate-limited");
        assertProblem(given().contentType(ContentType.URLENC).formParam("login", "someone")
                .post("/forgot-password"), 429, "rate-limited");
    }

    @Test
    void resendingTheVerificationMailIsLimitedPerUserBeyondTheOneMinuteCooldown() {
        TestUser user = registered();
        String token = accessToken(user);
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(61));
            as(token).post("/api/v1/auth/verify-email/resend").then().statusCode(202);
        }
        clock.advance(Duration.ofSeconds(61));

        Response refused = as(token).post("/api/v1/auth/verify-email/resend");

        assertProblem(refused, 429, "rate-limited");
        assertTrue(Integer.parseInt(refused.header("Retry-After")) > 60, "the hourly throttle, not the cooldown");
    }

    private static Response register(String username, String email) {
        return post("/api/v1/auth/register",
                Map.of("username", username, "email", email, "password", Api.PASSWORD));
    }

    private static Response post(String path, Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }
}
