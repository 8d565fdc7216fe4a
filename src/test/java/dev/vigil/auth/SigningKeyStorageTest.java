package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With no key file configured, the signing key lives in the database, so that every instance and
 * every restart signs with the same key that the JWKS publishes.
 */
@QuarkusTest
class SigningKeyStorageTest {

    @Inject
    DataSource dataSource;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    Clock clock;

    @Test
    void exactlyOneActiveKeyIsStoredUnderTheKidThatSignsTokens() {
        String kidInTokens = Jwts.header(accessToken(registered())).getString("kid");

        List<Map<String, Object>> active = Db.query(dataSource,
                "SELECT kid, algorithm FROM signing_keys WHERE retired_at IS NULL");

        assertEquals(1, active.size(), active::toString);
        assertEquals(kidInTokens, active.get(0).get("kid"));
        assertEquals("ES256", active.get(0).get("algorithm"));
        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys.kid");
        assertTrue(published.contains(kidInTokens), published::toString);
    }

    @Test
    void theStoredPublicKeyIsThePublishedOneAndItsKidIsItsThumbprint() throws Exception {
        Map<String, Object> row = Db.query(dataSource,
                "SELECT kid, public_key FROM signing_keys WHERE retired_at IS NULL").get(0);
        PublicKey stored = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode((String) row.get("public_key"))));
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        JsonWebKey published = new JsonWebKeySet(jwks).findJsonWebKey((String) row.get("kid"), "EC", null, null);

        assertEquals(stored, published.getKey());
        assertEquals(row.get("kid"), new EllipticCurveJsonWebKey((ECPublicKey) stored).calculateBase64urlEncodedThumbprint("SHA-256"));
    }

    @Test
    void anotherStartReusesTheStoredKeyInsteadOfMakingANewOne() {
        long keysBefore = count();
        String served = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        SigningKeys restarted = new SigningKeys(dataSource, tokenConfig, clock);
        restarted.onStart(new StartupEvent());

        assertEquals(served, restarted.jwks());
        assertEquals(keysBefore, count());
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys WHERE retired_at IS NULL")).longValue());
    }

    private long count() {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys")).longValue();
    }
}
