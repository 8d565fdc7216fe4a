package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Metrics.value;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Two tabs refreshing at once, or a retried refresh, within {@code vigil.tokens.refresh-reuse-grace}
 * (PT10S by default) of a rotation: the token just replaced gets the session's current refresh token
 * again instead of revoking the session. Later, reuse is theft as before.
 */
@QuarkusTest
class RefreshReuseGraceTest {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration PAST_GRACE = GRACE.plusSeconds(1);
    private static final int ROUNDS = 10;
    private static final int RACERS = 20;

    @Inject
    MutableClock clock;
    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theTokenJustReplacedGetsTheSameNewRefreshTokenWithinTheGrace() {
        JsonPath first = login(registered());
        JsonPath rotated = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();

        JsonPath again = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();

        assertEquals(rotated.getString("refresh_token"), again.getString("refresh_token"), "one usable refresh token");
        assertEquals(first.getString("session_id"), again.getString("session_id"));
        me(again.getString("access_token")).then().statusCode(200);
        me(rotated.getString("access_token")).then().statusCode(200);
        refresh(again.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void afterTheGraceReusingTheTokenRevokesTheSession() {
        JsonPath first = login(registered());
        JsonPath rotated = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        clock.advance(PAST_GRACE);

        assertProblem(refresh(first.getString("refresh_token")), 401, "invalid-token");

        assertUnauthorized(me(rotated.getString("access_token")));
        assertProblem(refresh(rotated.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void onlyTheTokenJustReplacedHasAGraceNotAnOlderOne() {
        JsonPath first = login(registered());
        JsonPath second = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        JsonPath third = refresh(second.getString("refresh_token")).then().statusCode(200).extract().jsonPath();

        assertProblem(refresh(first.getString("refresh_token")), 401, "invalid-token");

        assertUnauthorized(me(third.getString("access_token")));
        assertProblem(refresh(third.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void twentySimultaneousRefreshesOfOneTokenAllGetTheOneNewTokenAndTheSessionLives() {
        for (int round = 0; round < ROUNDS; round++) {
            JsonPath pair = login(registered());
            String presented = pair.getString("refresh_token");

            List<Response> responses = Race.of(RACERS, i -> refresh(presented));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            assertEquals(RACERS, Race.count(responses, 200, null), outcome);
            List<String> handedOut = responses.stream().map(r -> r.jsonPath().getString("refresh_token")).distinct().toList();
            assertEquals(1, handedOut.size(), "every tab ends with the same refresh token; " + outcome);
            responses.forEach(r -> assertEquals(pair.getString("session_id"), r.jsonPath().getString("session_id")));
            me(responses.get(RACERS - 1).jsonPath().getString("access_token")).then().statusCode(200);
            assertEquals(1L, spentTokens(pair.getString("session_id")), "one rotation; " + outcome);

            clock.advance(PAST_GRACE);
            JsonPath next = refresh(handedOut.get(0)).then().statusCode(200).extract().jsonPath();
            me(next.getString("access_token")).then().statusCode(200);
        }
    }

    @Test
    void twentySimultaneousReusesAfterTheGraceAllAnswer401AndRevokeTheSessionOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            JsonPath pair = login(registered());
            JsonPath rotated = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
            clock.advance(PAST_GRACE);

            List<Response> responses = Race.of(RACERS, i -> refresh(pair.getString("refresh_token")));

            String outcome = "round " + round + ": " + Race.statuses(responses);
            responses.forEach(r -> assertProblem(r, 401, "invalid-token"));
            assertUnauthorized(me(rotated.getString("access_token")));
            assertProblem(refresh(rotated.getString("refresh_token")), 401, "invalid-token");
            assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events"
                    + " WHERE type = 'refresh.reused' AND detail->>'session_id' = ?", pair.getString("session_id")))
                    .longValue(), "one revocation, one event; " + outcome);
        }
    }

    @Test
    void aReuseWithinTheGraceIsCountedAsGraceNotAsReuse() {
        double reused = value("vigil_refreshes_total", "outcome", "reused");
        double graced = value("vigil_refreshes_total", "outcome", "grace");
        double revoked = value("vigil_sessions_revoked_total", "reason", "refresh-reused");
        JsonPath pair = login(registered());
        refresh(pair.getString("refresh_token")).then().statusCode(200);

        refresh(pair.getString("refresh_token")).then().statusCode(200);

        assertEquals(reused, value("vigil_refreshes_total", "outcome", "reused"));
        assertEquals(revoked, value("vigil_sessions_revoked_total", "reason", "refresh-reused"));
        assertEquals(graced + 1, value("vigil_refreshes_total", "outcome", "grace"));
    }

    private long spentTokens(String sessionId) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM spent_refresh_tokens WHERE session_id = ?",
                UUID.fromString(sessionId))).longValue();
    }
}
