package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With vigil.mfa.secret-key set, the database holds only sealed TOTP secrets, and TOTP logins work as before. */
@QuarkusTest
@TestProfile(TotpEncryptedSecretTest.WithSecretKey.class)
class TotpEncryptedSecretTest {

    /** A key made for this run (32 random bytes); real ones come from the environment. */
    public static class WithSecretKey implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            return Map.of("vigil.mfa.secret-key", java.util.Base64.getEncoder().encodeToString(key));
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @Test
    void theStoredSecretIsSealedAndTheTwoStepLoginStillWorks() {
        TestUser user = verified();
        String token = accessToken(user);
        byte[] secret = Totp.fromBase32(as(token).post("/api/v1/me/mfa/totp").then().statusCode(201)
                .extract().path("secret"));
        as(token).contentType(ContentType.JSON).body(Map.of("code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/me/mfa/totp/confirm").then().statusCode(200);

        byte[] stored = (byte[]) Db.single(dataSource, "SELECT t.secret FROM totp_credentials t JOIN users u ON u.id = t.user_id"
                + " WHERE u.username = ?", user.username());
        assertEquals(1 + 12 + Totp.SECRET_BYTES + 16, stored.length, "sealed, not the 20-byte secret");

        String mfaToken = given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(200)
                .body("mfa_required", equalTo(true))
                .extract().path("mfa_token");
        clock.advance(java.time.Duration.ofSeconds(30));
        given().contentType(ContentType.JSON)
                .body(Map.of("mfa_token", mfaToken, "code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/auth/login/mfa").then().statusCode(200)
                .body("access_token", notNullValue());
    }
}
