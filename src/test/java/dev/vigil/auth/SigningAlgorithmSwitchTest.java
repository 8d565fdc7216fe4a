package dev.vigil.auth;

import static dev.vigil.auth.CraftedTokens.compact;
import static dev.vigil.auth.CraftedTokens.ed25519Sign;
import static dev.vigil.auth.CraftedTokens.signingInput;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Jwts.parsedClaims;
import static dev.vigil.support.Jwts.sign;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SigningKeyRotation.Rotation;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.MutableClock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Changing {@code vigil.tokens.signing-algorithm} on a running deployment (ES256 to EdDSA) logs
 * nobody out. An instance restarted with the new setting makes an Ed25519 key that is published at
 * once and signs only after the publication delay, as a rotated key does; until then the ES256 key
 * signs, on every instance. Tokens of the ES256 key are accepted, and the key published, until the
 * last of them has expired. Meanwhile each key verifies only tokens of its own algorithm.
 */
@QuarkusTest
class SigningAlgorithmSwitchTest {

    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
    private static final Duration LAST_TOKEN_LIFE = Duration.ofMinutes(10).plusSeconds(30);
    /** Room for the requests between a clock move and the check that depends on it (the test clock also ticks). */
    private static final Duration SLACK = Duration.ofSeconds(20);

    @Inject
    SigningKeys keys;

    @Inject
    DataSource dataSource;

    @Inject
    Pool pool;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    SecretSealer sealer;

    @Inject
    MutableClock clock;

    @Inject
    SigningKeyRotation rotation;

    private SigningKeySnapshot before;

    @BeforeEach
    void keepTheStoredKeys() {
        before = SigningKeySnapshot.take(dataSource);
    }

    @AfterEach
    void resetClockAndKeys() {
        clock.reset();
        before.restore(keys);
    }

    @Test
    void switchingToEdDsaLogsNobodyOutAndSignsWithEd25519OnceEveryInstanceKnowsTheKey() {
        TestUser user = registered();
        JsonPath pair = login(user);
        String oldKid = Jwts.header(pair.getString("access_token")).getString("kid");
        assertEquals("ES256", Jwts.header(pair.getString("access_token")).getString("alg"));

        SigningKeys restarted = startWith(SigningAlgorithm.EdDSA);
        keys.reload().await().indefinitely();

        Map<String, Object> row = Db.query(dataSource,
                "SELECT kid, activates_at FROM signing_keys WHERE algorithm = 'EdDSA' AND retired_at IS NULL").get(0);
        String newKid = (String) row.get("kid");
        Instant signsFrom = ((Timestamp) row.get("activates_at")).toInstant();
        assertEquals(clock.instant().plus(PUBLISH_AHEAD).getEpochSecond(), signsFrom.getEpochSecond(), 5.0);
        Map<String, Map<String, Object>> published = publishedByKid();
        assertEquals(Map.of("kty", "EC", "crv", "P-256", "alg", "ES256"), kindOf(published.get(oldKid)));
        assertEquals(Map.of("kty", "OKP", "crv", "Ed25519", "alg", "EdDSA"), kindOf(published.get(newKid)));
        assertEquals(published.keySet(), publishedByKid(restarted.jwks()).keySet(), "both instances publish the same keys");

        clock.advance(Duration.between(clock.instant(), signsFrom).minusSeconds(1));
        String lastEs256 = accessToken(user);
        // The key that signed at login, or one an earlier rotation made to follow it (the database is shared).
        String lastEs256Kid = Jwts.header(lastEs256).getString("kid");
        assertEquals("ES256", Jwts.header(lastEs256).getString("alg"), "an ES256 key signs until the new key's time");
        assertEquals(Map.of("kty", "EC", "crv", "P-256", "alg", "ES256"), kindOf(publishedByKid().get(lastEs256Kid)));
        assertEquals(lastEs256Kid, restarted.current().kid(), "on every instance");

        clock.advance(Duration.ofSeconds(2));
        String firstEdDsa = accessToken(user);
        assertEquals(newKid, Jwts.header(firstEdDsa).getString("kid"));
        assertEquals("EdDSA", Jwts.header(firstEdDsa).getString("alg"));
        assertEquals(newKid, restarted.current().kid(), "every instance switches at the same instant");
        String userId = userId(firstEdDsa);
        me(lastEs256).then().statusCode(200).body("id", equalTo(userId));
        Response refreshed = refresh(pair.getString("refresh_token"));
        refreshed.then().statusCode(200);
        assertEquals("EdDSA", Jwts.header(refreshed.jsonPath().getString("access_token")).getString("alg"),
                "a session from before the switch goes on with Ed25519 tokens");

        long stored = count();
        startWith(SigningAlgorithm.EdDSA);
        assertEquals(stored, count(), "an instance starting later with the same setting makes no key");

        clock.advance(LAST_TOKEN_LIFE.minus(SLACK));
        assertTrue(publishedByKid().containsKey(lastEs256Kid), "the last ES256 token has not expired yet");
        me(lastEs256).then().statusCode(200);

        clock.advance(SLACK.plusSeconds(2));
        assertEquals(List.of(newKid), List.copyOf(publishedByKid().keySet()));
        assertUnauthorized(me(lastEs256));
        me(accessToken(user)).then().statusCode(200);
    }

    @Test
    void withBothKindsOfKeyLiveEachKidVerifiesOnlyItsOwnAlgorithm() throws Exception {
        TestUser user = registered();
        String es256Kid = Jwts.header(accessToken(user)).getString("kid");
        startWith(SigningAlgorithm.EdDSA);
        keys.reload().await().indefinitely();
        String edKid = (String) Db.single(dataSource, "SELECT kid FROM signing_keys WHERE algorithm = 'EdDSA' AND retired_at IS NULL");
        Instant signsFrom = ((Timestamp) Db.single(dataSource, "SELECT activates_at FROM signing_keys WHERE kid = ?", edKid)).toInstant();
        clock.advance(Duration.between(clock.instant(), signsFrom).plusSeconds(1));
        String token = accessToken(user);
        assertEquals(edKid, Jwts.header(token).getString("kid"));
        JwtClaims claims = parsedClaims(token);
        var esKey = ServerSigningKey.open(dataSource, sealer, es256Kid);
        var edKey = ServerSigningKey.open(dataSource, sealer, edKid);
        String es256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        String eddsa = AlgorithmIdentifiers.EDDSA;

        me(sign(claims, esKey, es256, es256Kid)).then().statusCode(200);
        me(sign(claims, edKey, eddsa, edKid)).then().statusCode(200);

        assertUnauthorized(me(sign(claims, esKey, es256, edKid)));
        assertUnauthorized(me(sign(claims, edKey, eddsa, es256Kid)));
        String claimsJson = claims.toJson();
        String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + es256Kid + "\"}";
        assertUnauthorized(me(compact(header, claimsJson, ed25519Sign(edKey, signingInput(header, claimsJson)))));
        assertNotNull(keys.verifying(es256Kid, es256));
        assertNotNull(keys.verifying(edKid, eddsa));
        assertNull(keys.verifying(es256Kid, eddsa));
        assertNull(keys.verifying(edKid, es256));
    }

    /**
     * A switch while a rotated ES256 key still waits to sign: the Ed25519 key follows it, so each
     * key signs after the one before, every key in the chain was published before it signs, and the
     * waiting key stays published until its tokens (if any) expire.
     */
    @Test
    void aSwitchWhileARotatedKeyWaitsToSignChainsTheKeys() {
        TestUser user = registered();
        Rotation rotated = rotation.rotate().await().indefinitely();
        String waiting = rotated.kid();
        Instant waitingFrom = rotated.signsFrom();
        assertTrue(waitingFrom.isAfter(clock.instant()));

        startWith(SigningAlgorithm.EdDSA);
        keys.reload().await().indefinitely();

        String edKid = (String) Db.single(dataSource, "SELECT kid FROM signing_keys WHERE algorithm = 'EdDSA' AND retired_at IS NULL");
        Instant edFrom = activatesAt(edKid);
        assertFalse(edFrom.isBefore(waitingFrom), "the Ed25519 key signs after the waiting key's start");
        assertEquals(edFrom, retiredAt(waiting), "the waiting key is retired when the Ed25519 key takes over");
        assertEquals(waitingFrom, activatesAt(waiting), "and still starts when it was announced");
        assertTrue(publishedByKid().keySet().containsAll(List.of(waiting, edKid)));

        clock.advance(Duration.between(clock.instant(), edFrom).plusSeconds(1));
        String token = accessToken(user);

        assertEquals(edKid, Jwts.header(token).getString("kid"));
        me(token).then().statusCode(200);
        assertTrue(publishedByKid().containsKey(waiting), "published until a token it may have signed expires");
    }

    @Test
    void aStartWithTheAlgorithmOfTheSigningKeyMakesNoKey() {
        long stored = count();
        String served = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        SigningKeys restarted = startWith(SigningAlgorithm.ES256);

        assertEquals(stored, count());
        assertEquals(served, restarted.jwks());
        assertFalse(served.contains("OKP"));
    }

    /** Another instance, started with the given setting (the test application's own keeps ES256). */
    private SigningKeys startWith(SigningAlgorithm algorithm) {
        SigningKeys other = new SigningKeys(dataSource, pool, TokenConfigs.withAlgorithm(tokenConfig, algorithm), clock, sealer);
        other.onStart(new StartupEvent());
        return other;
    }

    private static Map<String, Object> kindOf(Map<String, Object> jwk) {
        assertNotNull(jwk);
        assertEquals("sig", jwk.get("use"));
        assertFalse(jwk.containsKey("d"));
        return Map.of("kty", jwk.get("kty"), "crv", jwk.get("crv"), "alg", jwk.get("alg"));
    }

    private static Map<String, Map<String, Object>> publishedByKid() {
        return publishedByKid(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
    }

    private static Map<String, Map<String, Object>> publishedByKid(String jwks) {
        List<Map<String, Object>> keys = new JsonPath(jwks).getList("keys");
        Map<String, Map<String, Object>> byKid = new java.util.LinkedHashMap<>();
        keys.forEach(key -> byKid.put((String) key.get("kid"), key));
        return byKid;
    }

    private Instant activatesAt(String kid) {
        return ((Timestamp) Db.single(dataSource, "SELECT activates_at FROM signing_keys WHERE kid = ?", kid)).toInstant();
    }

    private Instant retiredAt(String kid) {
        return ((Timestamp) Db.single(dataSource, "SELECT retired_at FROM signing_keys WHERE kid = ?", kid)).toInstant();
    }

    private long count() {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys")).longValue();
    }
}
