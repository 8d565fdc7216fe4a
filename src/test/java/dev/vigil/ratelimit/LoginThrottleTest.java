package dev.vigil.ratelimit;

import static dev.vigil.support.Api.PASSWORD;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Metrics;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Logins are throttled per client IP (every attempt) and per login identifier (failed attempts only,
 * refusing the addresses they came from), with 429 and Retry-After. Every request here comes from the
 * test client's one address; {@link TrustedProxyThrottleTest} has the owner at another address.
 */
@QuarkusTest
@TestProfile(ThrottlesOn.class)
class LoginThrottleTest {

    @Inject
    MutableClock clock;

    /**
     * Every test starts with full budgets: the limits are counted on the clock, so moving it past
     * every period refills them. The clock is never moved back, which would empty them again.
     */
    @BeforeEach
    void refillBudgets() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void theSeventhLoginFromOneIpInAMinuteIs429WithRetryAfter() {
        for (int i = 0; i < 6; i++) {
            login("nobody-" + UUID.randomUUID(), PASSWORD).then().statusCode(401);
        }

        Response refused = login("nobody-" + UUID.randomUUID(), PASSWORD);

        assertProblem(refused, 429, "rate-limited");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "at most one interval (60 s / 6), was " + retryAfter);
        assertEquals(retryAfter, refused.jsonPath().getInt("retry_after"), "the header and the member agree");
    }

    @Test
    void aSpoofedForwardedForDoesNotResetTheIpLimit() {
        for (int i = 0; i < 6; i++) {
            login("nobody-" + UUID.randomUUID(), PASSWORD, "198.51.100." + i).then().statusCode(401);
        }

        assertProblem(login("nobody-" + UUID.randomUUID(), PASSWORD, "203.0.113.99"), 429, "rate-limited");
    }

    @Test
    void spellingsOfOneLoginShareTheirLimitFromAnyIp() {
        TestUser user = registered();

        login(user.username(), "wrong password 1").then().statusCode(401);
        login(user.username().toUpperCase(), "wrong password 2", "198.51.100.7").then().statusCode(401);
        login("  " + user.username() + " ", "wrong password 3").then().statusCode(401);

        // Four logins from this IP, within its limit of six: the login's own limit of three answered.
        Response refused = login(user.username(), user.password());
        assertProblem(refused, 429, "rate-limited");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter > 10 && retryAfter <= 20, "about one interval (60 s / 3), was " + retryAfter);
    }

    @Test
    void anUnknownLoginIsThrottledExactlyLikeAKnownOne() {
        TestUser user = registered();
        String unknown = "nobody-" + UUID.randomUUID();

        for (int i = 0; i < 3; i++) {
            Response known = login(user.username(), "wrong password " + i);
            Response nobody = login(unknown, "wrong password " + i);
            assertEquals(401, known.statusCode());
            assertEquals(withoutRequestId(known), withoutRequestId(nobody));
        }
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            login(user.username(), "wrong password").then().statusCode(401);
            login(unknown, "wrong password").then().statusCode(401);
        }
        Response known = login(user.username(), "wrong password");
        Response nobody = login(unknown, "wrong password");

        assertProblem(known, 429, "rate-limited");
        assertProblem(nobody, 429, "rate-limited");
        // The wait is counted from each request's own arrival, so the two may differ by a second.
        int knownWait = Integer.parseInt(known.header("Retry-After"));
        int nobodyWait = Integer.parseInt(nobody.header("Retry-After"));
        assertTrue(Math.abs(knownWait - nobodyWait) <= 1, knownWait + " vs " + nobodyWait);
    }

    @Test
    void successfulLoginsCostTheLoginsBudgetNothing() {
        TestUser user = registered();

        for (int i = 0; i < 5; i++) {
            login(user.username(), user.password()).then().statusCode(200); // the login's limit is 3
        }
        login(user.username(), "wrong password").then().statusCode(401);

        // The IP's limit (6) counts every attempt, successful or not.
        assertProblem(login(user.username(), user.password()), 429, "rate-limited");
    }

    @Test
    void theLoginWorksAgainOnceTheRetryAfterHasPassed() {
        TestUser user = registered();
        for (int i = 0; i < 3; i++) {
            login(user.username(), "wrong password").then().statusCode(401);
        }
        Response refused = login(user.username(), user.password());
        assertProblem(refused, 429, "rate-limited");

        clock.advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));

        login(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void meAndRefreshAreNotThrottledWhenLoginsAre() {
        TestUser user = registered();
        JsonPath tokens = Api.login(user);
        for (int i = 0; i < 5; i++) {
            login("nobody-" + UUID.randomUUID(), PASSWORD).then().statusCode(401);
        }
        assertProblem(login(user.username(), user.password()), 429, "rate-limited");

        for (int i = 0; i < 20; i++) {
            as(tokens.getString("access_token")).get("/api/v1/me").then().statusCode(200);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", tokens.getString("refresh_token")))
                .post("/api/v1/auth/refresh")
                .then().statusCode(200);
    }

    @Test
    void rejectionsAreCountedByKind() {
        double before = Metrics.value("vigil_rate_limited_total", "kind", "login");
        for (int i = 0; i < 6; i++) {
            login("nobody-" + UUID.randomUUID(), PASSWORD);
        }

        login("nobody", PASSWORD).then().statusCode(429);
        login("nobody", PASSWORD).then().statusCode(429);

        assertEquals(before + 2, Metrics.value("vigil_rate_limited_total", "kind", "login"));
        assertTrue(Metrics.sample("vigil_rate_limited_total", "kind", "registration").isPresent(), "every kind exposed");
        assertTrue(Metrics.sample("vigil_rate_limited_total", "kind", "mail").isPresent(), "every kind exposed");
    }

    @Test
    void aBadBodyStillSpendsTheIpBudget() {
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body("{\"login\": \"\"}").post("/api/v1/auth/login")
                    .then().statusCode(400);
        }

        assertProblem(login("nobody", PASSWORD), 429, "rate-limited");
    }

    private static Map<String, Object> withoutRequestId(Response response) {
        Map<String, Object> body = new HashMap<>(response.jsonPath().getMap("$"));
        body.remove("request_id");
        return body;
    }

    private static Response login(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }

    private static Response login(String login, String password, String forwardedFor) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", forwardedFor)
                .header("Forwarded", "for=" + forwardedFor)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }
}
