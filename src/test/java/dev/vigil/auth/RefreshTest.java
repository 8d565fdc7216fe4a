package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Jwts.claims;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class RefreshTest {

    /** Beyond vigil.tokens.refresh-reuse-grace (PT10S), when a spent token is theft again. */
    private static final Duration PAST_REUSE_GRACE = Duration.ofSeconds(11);

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void refreshReturnsANewPairInTheSameSession() {
        JsonPath first = login(registered());

        JsonPath second = refresh(first.getString("refresh_token")).then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("refresh_expires_in", equalTo(2_592_000))
                .body("access_token", notNullValue())
                .body("session_id", equalTo(first.getString("session_id")))
                .body("refresh_token", not(equalTo(first.getString("refresh_token"))))
                .extract().jsonPath();

        me(second.getString("access_token")).then().statusCode(200);
        assertEquals(first.getString("session_id"), claims(second.getString("access_token")).getString("sid"));
    }

    @Test
    void refreshedAccessTokenBelongsToTheSameUser() {
        JsonPath first = login(registered());
        String userId = userId(first.getString("access_token"));

        String refreshed = refresh(first.getString("refresh_token")).then().statusCode(200)
                .extract().path("access_token");

        me(refreshed).then().statusCode(200).body("id", equalTo(userId));
    }

    @Test
    void presentingASpentRefreshTokenFailsAndRevokesTheWholeSession() {
        JsonPath first = login(registered());
        JsonPath second = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        me(second.getString("access_token")).then().statusCode(200);
        clock.advance(PAST_REUSE_GRACE);

        assertProblem(refresh(first.getString("refresh_token")), 401, "invalid-token");

        assertUnauthorized(me(second.getString("access_token")));
        assertProblem(refresh(second.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void reusingASpentRefreshTokenLeavesTheUsersOtherSessionsAlone() {
        TestUser user = registered();
        JsonPath stolen = login(user);
        JsonPath other = login(user);
        refresh(stolen.getString("refresh_token")).then().statusCode(200);
        clock.advance(PAST_REUSE_GRACE);

        assertProblem(refresh(stolen.getString("refresh_token")), 401, "invalid-token");

        me(other.getString("access_token")).then().statusCode(200);
        refresh(other.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void unknownRefreshTokensAre401InvalidToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String wellFormedButUnknown = Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        assertProblem(refresh(wellFormedButUnknown), 401, "invalid-token");
        assertProblem(refresh("garbage"), 401, "invalid-token");
        assertProblem(refresh("x".repeat(5_000)), 401, "invalid-token");
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        JsonPath pair = login(registered());

        assertProblem(refresh(pair.getString("access_token")), 401, "invalid-token");

        refresh(pair.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void missingRefreshTokenIs400() {
        Response missing = given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/auth/refresh");
        assertInvalidField(missing, "refresh_token");

        Response blank = given().contentType(ContentType.JSON).body(Map.of("refresh_token", "")).post("/api/v1/auth/refresh");
        assertInvalidField(blank, "refresh_token");
    }

    @Test
    void emptyBodyIs400() {
        Response empty = given().contentType(ContentType.JSON).body("").post("/api/v1/auth/refresh");

        assertEquals(400, empty.statusCode(), empty.asString());
        assertTrue(empty.contentType().startsWith("application/problem+json"), empty.contentType());
        String type = empty.jsonPath().getString("type");
        assertTrue(type.equals("https://vigil.dev/problems/validation-failed")
                || type.equals("https://vigil.dev/problems/malformed-request"), type);
    }

    @Test
    void refreshTokenOfALoggedOutSessionIs401() {
        JsonPath pair = login(registered());
        logout(pair.getString("access_token")).then().statusCode(204);

        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void refreshTokenIsRefusedAfterThirtyDays() {
        JsonPath pair = login(registered());

        clock.advance(Duration.ofDays(30).plusMinutes(1));

        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void refreshTokenStillWorksJustBeforeThirtyDays() {
        JsonPath pair = login(registered());

        clock.advance(Duration.ofDays(30).minusMinutes(1));

        refresh(pair.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void aChainOfFiveRotationsKeepsWorking() {
        JsonPath pair = login(registered());
        String sessionId = pair.getString("session_id");
        Set<String> refreshTokens = new HashSet<>();
        refreshTokens.add(pair.getString("refresh_token"));

        for (int i = 0; i < 5; i++) {
            pair = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
            assertEquals(sessionId, pair.getString("session_id"));
            assertTrue(refreshTokens.add(pair.getString("refresh_token")), "every rotation hands out a new refresh token");
            me(pair.getString("access_token")).then().statusCode(200);
        }

        assertEquals(6, refreshTokens.size());
    }
}
