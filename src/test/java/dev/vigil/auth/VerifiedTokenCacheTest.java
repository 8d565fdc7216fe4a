package dev.vigil.auth;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;

/** Verified tokens are remembered for speed; expiry and revocation must still end them. */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aTokenAlreadyAcceptedStillExpires() {
        String token = login(registered()).getString("access_token");
        as(token).get("/api/v1/me").then().statusCode(200);
        as(token).get("/api/v1/me").then().statusCode(200);

        clock.advance(Duration.ofMinutes(11));

        as(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aTokenAlreadyAcceptedStillDiesWithItsSession() {
        String token = login(registered()).getString("access_token");
        as(token).get("/api/v1/me").then().statusCode(200);

        as(token).post("/api/v1/auth/logout").then().statusCode(204);

        as(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void oneChangedCharacterOfAnAcceptedTokenIsRefused() {
        String token = login(registered()).getString("access_token");
        as(token).get("/api/v1/me").then().statusCode(200);
        int inSignature = token.lastIndexOf('.') + 10;
        char original = token.charAt(inSignature);
        String changed = token.substring(0, inSignature) + (original == 'A' ? 'B' : 'A') + token.substring(inSignature + 1);

        as(changed).get("/api/v1/me").then().statusCode(401);
    }
}
