package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertUnauthorized;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SecretSealer.Purpose;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * With no key file configured, signing keys live in the database, so that every instance and every
 * restart signs with keys the JWKS publishes; their private halves are sealed with
 * {@code vigil.secret-key}, so a copy of the database alone cannot sign a token.
 */
@QuarkusTest
class SigningKeyStorageTest {

    @Inject
    DataSource dataSource;

    @Inject
    Pool pool;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    Clock clock;

    @Inject
    SecretSealer sealer;

    @Test
    void theKeyThatSignsTokensIsStoredAndPublished() {
        String kidInTokens = Jwts.header(accessToken(registered())).getString("kid");

        Map<String, Object> row = Db.query(dataSource, "SELECT kid, algorithm FROM signing_keys WHERE kid = ?", kidInTokens).get(0);

        assertEquals("ES256", row.get("algorithm"));
        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys.kid");
        assertTrue(published.contains(kidInTokens), published::toString);
    }

    @Test
    void theStoredPublicKeyIsThePublishedOneAndItsKidIsItsThumbprint() throws Exception {
        String kid = Jwts.header(accessToken(registered())).getString("kid");
        String storedPublic = (String) Db.single(dataSource, "SELECT public_key FROM signing_keys WHERE kid = ?", kid);
        PublicKey stored = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(storedPublic)));
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        JsonWebKey published = new JsonWebKeySet(jwks).findJsonWebKey(kid, "EC", null, null);

        assertEquals(stored, published.getKey());
        assertEquals(kid, new EllipticCurveJsonWebKey((ECPublicKey) stored).calculateBase64urlEncodedThumbprint("SHA-256"));
    }

    /**
     * What a copy of the database gives: a sealed value, not a key. It is not a PKCS#8 key, it does
     * not open without the secret key or with another one, and moved to another key's row it does
     * not open even with the right one.
     */
    @Test
    void aCopyOfTheDatabaseAloneCannotSignATokenBecauseTheStoredKeyIsSealed() throws Exception {
        String kid = Jwts.header(accessToken(registered())).getString("kid");
        byte[] stored = Base64.getDecoder().decode(ServerSigningKey.storedPrivateKey(dataSource, kid));

        assertEquals(SecretSealer.FORMAT, stored[0], "sealed form");
        assertThrows(GeneralSecurityException.class,
                () -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(stored)),
                "what is stored is not a private key");
        IllegalStateException withoutKey = assertThrows(IllegalStateException.class,
                () -> new SecretSealer((byte[]) null).open(Purpose.SIGNING_KEY, kid, stored));
        assertTrue(withoutKey.getMessage().contains("set vigil.secret-key"), withoutKey.getMessage());
        IllegalStateException otherKey = assertThrows(IllegalStateException.class,
                () -> new SecretSealer(randomKey()).open(Purpose.SIGNING_KEY, kid, stored));
        assertTrue(otherKey.getMessage().contains("vigil.secret-key"), otherKey.getMessage());
        assertThrows(IllegalStateException.class, () -> sealer.open(Purpose.SIGNING_KEY, "another-kid", stored),
                "bound to its row");
        assertThrows(IllegalStateException.class, () -> sealer.open(Purpose.TOTP_SECRET, kid, stored),
                "bound to its purpose");
        // With the secret key as well, it is the server's key: it verifies against the published one.
        ServerSigningKey.open(dataSource, sealer, kid);
    }

    /**
     * The attack of a database copy, end to end: a real user's session (the copy holds those too),
     * superuser groups, and every signing key row there is. What the rows hold is no private key, so
     * the attacker signs with a key of their own under a stored {@code kid}, and the server refuses
     * every such token. The same claims signed with the key opened by {@code vigil.secret-key} do
     * reach the admin endpoint: the seal is what stops the attack.
     */
    @Test
    void aDatabaseCopyAloneCannotMintAnAcceptedToken() throws Exception {
        JwtClaims claims = Jwts.parsedClaims(accessToken(registered()));
        claims.setStringListClaim("groups", "user", "admin", "superuser");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey attackersOwn = generator.generateKeyPair().getPrivate();
        List<Map<String, Object>> rows = Db.query(dataSource, "SELECT kid, private_key FROM signing_keys");

        assertTrue(!rows.isEmpty());
        for (Map<String, Object> row : rows) {
            String kid = (String) row.get("kid");
            byte[] stored = Base64.getDecoder().decode((String) row.get("private_key"));
            assertThrows(GeneralSecurityException.class,
                    () -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(stored)), kid);
            String forged = Jwts.sign(claims, attackersOwn, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, kid);
            assertUnauthorized(given().header("Authorization", "Bearer " + forged).get("/api/v1/admin/users"));
        }
        String kid = Jwts.header(accessToken(registered())).getString("kid");
        String withTheSecretKeyToo = Jwts.sign(claims, ServerSigningKey.open(dataSource, sealer, kid),
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, kid);
        given().header("Authorization", "Bearer " + withTheSecretKeyToo).get("/api/v1/admin/users").then().statusCode(200);
    }

    @Test
    void anotherStartReusesTheStoredKeysInsteadOfMakingANewOne() {
        long keysBefore = count();
        String served = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        SigningKeys restarted = startAnotherInstance(sealer);

        assertEquals(served, restarted.jwks());
        assertEquals(keysBefore, count());
    }

    @Test
    void aStartWithAnotherSecretKeyStopsWithAClearErrorAndChangesNothing() {
        Map<String, Object> before = storedPrivateKeys();

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> startAnotherInstance(new SecretSealer(randomKey())));

        // Told by the key id byte, or (one key in 256 shares it) by the failed authentication.
        assertTrue(failure.getMessage().contains("vigil.secret-key") && failure.getMessage().contains("another"),
                failure.getMessage());
        assertEquals(before, storedPrivateKeys());
    }

    @Test
    void aStartWithoutASecretKeyStopsWithAClearErrorAndChangesNothing() {
        Map<String, Object> before = storedPrivateKeys();

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> startAnotherInstance(new SecretSealer((byte[]) null)));

        assertTrue(failure.getMessage().contains("set vigil.secret-key"), failure.getMessage());
        assertEquals(before, storedPrivateKeys());
    }

    /**
     * A key stored by an earlier version (plain PKCS#8 in base64) is sealed by the next start, once,
     * however many instances start at the same moment, and it stays the same key.
     */
    @Test
    void aKeyStoredUnsealedIsSealedOnceWhenInstancesStartTogether() throws Exception {
        Instant now = clock.instant();
        SigningKey old = SigningKeys.generate(SigningAlgorithm.ES256, now.minus(Duration.ofHours(1)), now);
        byte[] der = old.privateKey().getEncoded();
        Db.update(dataSource, "INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at, activates_at, retired_at)"
                + " VALUES (?, 'ES256', ?, ?, ?, ?, ?)", old.kid(), SigningKeys.storedPublicKey(old),
                Base64.getEncoder().encodeToString(der), now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)), now);
        try {
            CompletableFuture<SigningKeys> first = CompletableFuture.supplyAsync(() -> startAnotherInstance(sealer));
            CompletableFuture<SigningKeys> second = CompletableFuture.supplyAsync(() -> startAnotherInstance(sealer));
            first.join();
            second.join();

            String sealedOnce = ServerSigningKey.storedPrivateKey(dataSource, old.kid());
            byte[] stored = Base64.getDecoder().decode(sealedOnce);
            assertEquals(SecretSealer.FORMAT, stored[0]);
            assertArrayEquals(der, sealer.open(Purpose.SIGNING_KEY, old.kid(), stored), "the same key, sealed");
            assertTrue(first.join().jwks().contains(old.kid()), "still published until its tokens expired");
            startAnotherInstance(sealer);
            assertEquals(sealedOnce, ServerSigningKey.storedPrivateKey(dataSource, old.kid()), "sealing again changes nothing");
        } finally {
            Db.update(dataSource, "DELETE FROM signing_keys WHERE kid = ?", old.kid());
        }
    }

    @Test
    void twoKeysSealedFromOneSecretKeyDifferEvenForTheSameKey() {
        byte[] der = SigningKeys.generate(SigningAlgorithm.ES256, clock.instant(), null).privateKey().getEncoded();

        assertNotEquals(Base64.getEncoder().encodeToString(sealer.seal(Purpose.SIGNING_KEY, "k", der)),
                Base64.getEncoder().encodeToString(sealer.seal(Purpose.SIGNING_KEY, "k", der)), "a fresh nonce each time");
    }

    private SigningKeys startAnotherInstance(SecretSealer withSealer) {
        SigningKeys keys = new SigningKeys(dataSource, pool, tokenConfig, clock, withSealer);
        keys.onStart(new StartupEvent());
        return keys;
    }

    private Map<String, Object> storedPrivateKeys() {
        return Db.query(dataSource, "SELECT kid, private_key FROM signing_keys").stream()
                .collect(Collectors.toMap(row -> (String) row.get("kid"), row -> row.get("private_key")));
    }

    private long count() {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys")).longValue();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
