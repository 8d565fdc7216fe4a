package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Metrics.sample;
import static dev.vigil.support.Metrics.value;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.refresh;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Operators see logins, refreshes and revocations on {@code /q/metrics}, by outcome and reason. */
@QuarkusTest
class AuthMetricsTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void loginsRefreshesAndLogoutsAreCountedByOutcome() {
        double succeeded = value("vigil_logins_total", "outcome", "success");
        double refused = value("vigil_logins_total", "outcome", "invalid_credentials");
        double refreshed = value("vigil_refreshes_total", "outcome", "success");
        double loggedOut = value("vigil_sessions_revoked_total", "reason", "logout");
        TestUser user = registered();

        JsonPath pair = login(user);
        given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", "not the password at all"))
                .post("/api/v1/auth/login")
                .then().statusCode(401);
        JsonPath rotated = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        logout(rotated.getString("access_token")).then().statusCode(204);

        assertEquals(succeeded + 1, value("vigil_logins_total", "outcome", "success"));
        assertEquals(refused + 1, value("vigil_logins_total", "outcome", "invalid_credentials"));
        assertEquals(refreshed + 1, value("vigil_refreshes_total", "outcome", "success"));
        assertEquals(loggedOut + 1, value("vigil_sessions_revoked_total", "reason", "logout"));
    }

    @Test
    void reusingASpentRefreshTokenCountsAsReuseAndRevokesTheSession() {
        double reused = value("vigil_refreshes_total", "outcome", "reused");
        double revoked = value("vigil_sessions_revoked_total", "reason", "refresh-reused");
        JsonPath pair = login(registered());
        refresh(pair.getString("refresh_token")).then().statusCode(200);
        clock.advance(Duration.ofSeconds(11)); // past vigil.tokens.refresh-reuse-grace

        refresh(pair.getString("refresh_token")).then().statusCode(401);

        assertEquals(reused + 1, value("vigil_refreshes_total", "outcome", "reused"));
        assertEquals(revoked + 1, value("vigil_sessions_revoked_total", "reason", "refresh-reused"));
    }

    @Test
    void everyOutcomeIsExposedBeforeItFirstHappens() {
        for (String outcome : new String[] { "success", "invalid_credentials", "locked", "banned", "released" }) {
            assertTrue(sample("vigil_logins_total", "outcome", outcome).isPresent(), outcome);
        }
    }
}
