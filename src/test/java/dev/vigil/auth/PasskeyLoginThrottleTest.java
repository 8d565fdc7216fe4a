package dev.vigil.auth;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.ratelimit.ThrottlesOn;
import dev.vigil.support.Api;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Passkey sign-ins share the per-IP login budget with password logins ({@link ThrottlesOn}: six a
 * minute), so guessing at passkeys is no way around the throttle.
 */
@QuarkusTest
@TestProfile(ThrottlesOn.class)
class PasskeyLoginThrottleTest {

    @Inject
    MutableClock clock;

    @BeforeEach
    void refillBudgets() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void theSeventhPasskeySignInFromOneIpInAMinuteIs429() {
        for (int i = 0; i < 6; i++) {
            attempt().then().statusCode(401);
        }

        assertProblem(attempt(), 429, "rate-limited");
    }

    @Test
    void passkeySignInsAndPasswordLoginsShareTheBudget() {
        for (int i = 0; i < 6; i++) {
            attempt().then().statusCode(401);
        }

        assertProblem(given().contentType(ContentType.JSON)
                .body(Map.of("login", "nobody-" + UUID.randomUUID(), "password", Api.PASSWORD))
                .post("/api/v1/auth/login"), 429, "rate-limited");
    }

    /** A well-formed answer of an unregistered passkey to a challenge nobody issued: 401. */
    private static Response attempt() {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        return given().contentType(ContentType.JSON)
                .body(Map.of("challenge_id", UUID.randomUUID().toString(),
                        "credential", new SoftwareAuthenticator().assertion(challenge)))
                .post("/api/v1/auth/passkeys/login");
    }
}
