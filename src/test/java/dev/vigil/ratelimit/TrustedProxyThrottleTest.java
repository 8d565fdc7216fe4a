package dev.vigil.ratelimit;

import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Behind a proxy that the configuration trusts, the forwarded client address is what is counted. */
@QuarkusTest
@TestProfile(TrustedProxyThrottleTest.BehindTrustedProxy.class)
class TrustedProxyThrottleTest {

    /** {@link ThrottlesOn}, with the test client (127.0.0.1) trusted as a proxy. */
    public static class BehindTrustedProxy extends ThrottlesOn {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
            config.put("quarkus.http.proxy.allow-x-forwarded", "true");
            config.put("quarkus.http.proxy.trusted-proxies", "127.0.0.1");
            return config;
        }
    }

    @Inject
    MutableClock clock;

    @BeforeEach
    void refillBudgets() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void eachForwardedClientHasItsOwnBudget() {
        for (int i = 0; i < 4; i++) {
            forgotUsername("198.51.100.1").then().statusCode(202);
        }
        assertProblem(forgotUsername("198.51.100.1"), 429, "rate-limited");

        forgotUsername("198.51.100.2").then().statusCode(202);
    }

    /**
     * The per-login limit counts failures only, and only refuses the addresses they came from: an
     * attacker who empties the login's budget is refused there, while the owner, typing the right
     * password elsewhere, logs in as often as they like.
     */
    @Test
    void anAttackerWhoEmptiesTheLoginsBudgetDoesNotThrottleTheOwnerElsewhere() {
        TestUser user = registered();
        for (int i = 0; i < 3; i++) {
            login("198.51.100.20", user.username(), "wrong password " + i).then().statusCode(401);
        }

        assertProblem(login("198.51.100.20", user.username(), user.password()), 429, "rate-limited");
        for (int i = 0; i < 4; i++) {
            login("192.0.2.20", user.username(), user.password()).then().statusCode(200);
        }
        // A fresh address gets one try; its failure makes it one of the refused.
        login("198.51.100.21", user.username(), "wrong password").then().statusCode(401);
        assertProblem(login("198.51.100.21", user.username(), user.password()), 429, "rate-limited");
        login("192.0.2.20", user.username(), user.password()).then().statusCode(200);
    }

    private static Response login(String forwardedFor, String login, String password) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", forwardedFor)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }

    private static Response forgotUsername(String forwardedFor) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", forwardedFor)
                .body(Map.of("email", UUID.randomUUID() + "@example.org"))
                .post("/api/v1/auth/username/forgot");
    }
}
