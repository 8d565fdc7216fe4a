package dev.vigil.auth;

import static dev.vigil.auth.CraftedTokens.compact;
import static dev.vigil.auth.CraftedTokens.ed25519FromJwk;
import static dev.vigil.auth.CraftedTokens.ed25519Sign;
import static dev.vigil.auth.CraftedTokens.ed25519Verifies;
import static dev.vigil.auth.CraftedTokens.signingInput;
import static dev.vigil.auth.CraftedTokens.withFlippedSignatureBit;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Jwts.parsedClaims;
import static dev.vigil.support.Jwts.sign;
import static dev.vigil.support.Jwts.withClaims;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SecretSealer.Purpose;
import dev.vigil.auth.SigningKeyRotation.Rotation;
import dev.vigil.ops.DedicatedPostgres;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * With {@code vigil.tokens.signing-algorithm=EdDSA} on a database of its own (so this is a first
 * start), access tokens are Ed25519 JWTs (RFC 8037): login, refresh and {@code /me} work on them, the
 * JWKS publishes the key as {@code OKP}/{@code Ed25519}, anyone can verify a token from the JWKS alone
 * (here with the JDK's own Ed25519, not the jose4j and Bouncy Castle path that signs), rotation makes
 * Ed25519 keys, and forged, altered and algorithm-confused tokens are refused.
 */
@QuarkusTest
@TestProfile(EdDsaTokensTest.EdDsaOn.class)
@QuarkusTestResource(value = DedicatedPostgres.class, restrictToAnnotatedClass = true)
class EdDsaTokensTest {

    public static class EdDsaOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.tokens.signing-algorithm", "EdDSA");
        }
    }

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    SecretSealer sealer;

    @Inject
    SigningKeys keys;

    @Inject
    SigningKeyRotation rotation;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void loginRefreshAndMeRunOnEdDsaTokens() {
        JsonPath pair = login(registered());
        String access = pair.getString("access_token");
        JsonPath header = Jwts.header(access);
        assertEquals("EdDSA", header.getString("alg"));
        assertEquals("at+jwt", header.getString("typ"));
        String userId = userId(access);

        Response refreshed = refresh(pair.getString("refresh_token"));

        refreshed.then().statusCode(200);
        String next = refreshed.jsonPath().getString("access_token");
        assertEquals("EdDSA", Jwts.header(next).getString("alg"));
        assertEquals(header.getString("kid"), Jwts.header(next).getString("kid"));
        me(next).then().statusCode(200).body("id", equalTo(userId));
        me(access).then().statusCode(200).body("id", equalTo(userId));
    }

    @Test
    void theJwksPublishesEd25519KeysAsOkpWithTheirThumbprintAsKid() throws Exception {
        String kid = Jwts.header(accessToken(registered())).getString("kid");
        List<Map<String, Object>> published = jwks();

        assertFalse(published.isEmpty());
        for (Map<String, Object> key : published) {
            assertEquals("OKP", key.get("kty"), key::toString);
            assertEquals("Ed25519", key.get("crv"), key::toString);
            assertEquals("EdDSA", key.get("alg"), key::toString);
            assertEquals("sig", key.get("use"), key::toString);
            assertEquals(32, Base64.getUrlDecoder().decode((String) key.get("x")).length, key::toString);
            assertFalse(key.containsKey("d"), "the private key is never published");
            assertFalse(key.containsKey("y"), key::toString);
            // RFC 7638 for an OKP key: SHA-256 of {"crv","kty","x"} in that order, without spaces.
            String members = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + key.get("x") + "\"}";
            assertEquals(CraftedTokens.base64Url(MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8))),
                    key.get("kid"));
        }
        assertTrue(published.stream().anyMatch(key -> kid.equals(key.get("kid"))), "the kid of the tokens is published");
    }

    /**
     * Interoperability: the token checked with nothing but the JWKS document and the JDK's own
     * Ed25519 (SunEC), the way a service in another stack would.
     */
    @Test
    void anEdDsaTokenVerifiesWithTheJdksOwnEd25519FromTheJwksAlone() throws Exception {
        JsonPath pair = login(registered());
        String token = pair.getString("access_token");
        String kid = Jwts.header(token).getString("kid");
        Map<String, Object> jwk = jwks().stream().filter(key -> kid.equals(key.get("kid"))).findFirst().orElseThrow();
        PublicKey publicKey = ed25519FromJwk(jwk);

        assertTrue(ed25519Verifies(publicKey, token), "the signature is good for the JDK");
        assertFalse(ed25519Verifies(publicKey, withFlippedSignatureBit(token)));
        JsonPath claims = Jwts.claims(token);
        assertEquals("http://localhost:8080", claims.getString("iss"));
        assertEquals(pair.getString("session_id"), claims.getString("sid"));
        assertEquals(userId(token), claims.getString("sub"));
    }

    @Test
    void theEd25519KeyIsStoredSealedAndSignsWhatThePublishedKeyVerifies() throws Exception {
        String token = accessToken(registered());
        String kid = Jwts.header(token).getString("kid");
        byte[] stored = Base64.getDecoder().decode(ServerSigningKey.storedPrivateKey(dataSource, kid));

        assertEquals("EdDSA", Db.single(dataSource, "SELECT algorithm FROM signing_keys WHERE kid = ?", kid));
        assertEquals(SecretSealer.FORMAT, stored[0], "sealed form");
        assertThrows(GeneralSecurityException.class,
                () -> KeyFactory.getInstance("Ed25519", "SunEC").generatePrivate(new PKCS8EncodedKeySpec(stored)),
                "what is stored is not a private key");
        assertThrows(IllegalStateException.class, () -> new SecretSealer((byte[]) null).open(Purpose.SIGNING_KEY, kid, stored));
        PrivateKey opened = ServerSigningKey.open(dataSource, sealer, kid);
        String input = signingInput("{\"alg\":\"EdDSA\"}", "{}");
        String signed = input + "." + CraftedTokens.base64Url(ed25519Sign(opened, input));
        assertTrue(ed25519Verifies(publishedKey(kid), signed), "the opened key is the published one's other half");
    }

    @Test
    void aTokenWithATamperedSignatureOrPayloadIsRefused() throws Exception {
        String token = accessToken(registered());
        me(token).then().statusCode(200);
        JwtClaims claims = parsedClaims(token);
        claims.setStringListClaim("groups", "user", "admin", "superuser");

        assertUnauthorized(me(withFlippedSignatureBit(token)));
        assertUnauthorized(me(withClaims(token, claims.toJson())));
        String[] parts = token.split("\\.");
        assertUnauthorized(me(parts[0] + "." + parts[1] + "." + CraftedTokens.base64Url(new byte[64])));
        assertUnauthorized(me(parts[0] + "." + parts[1] + "."));
    }

    @Test
    void aTokenSignedByAnotherEd25519KeyUnderOurKidIsRefused() throws Exception {
        String token = accessToken(registered());
        String kid = Jwts.header(token).getString("kid");
        PrivateKey foreign = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair().getPrivate();

        assertUnauthorized(me(sign(parsedClaims(token), foreign, AlgorithmIdentifiers.EDDSA, kid)));
    }

    @Test
    void algNoneAndHmacWithThePublicKeyAsSecretAreRefused() throws Exception {
        String token = accessToken(registered());
        String kid = Jwts.header(token).getString("kid");
        JwtClaims claims = parsedClaims(token);
        Map<String, Object> jwk = jwks().stream().filter(key -> kid.equals(key.get("kid"))).findFirst().orElseThrow();
        String payload = token.split("\\.")[1];

        assertUnauthorized(me(Jwts.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "." + payload + "."));
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(Base64.getUrlDecoder().decode((String) jwk.get("x")));
        secrets.add(ed25519FromJwk(jwk).getEncoded());
        secrets.add(((String) jwk.get("x")).getBytes(StandardCharsets.US_ASCII));
        secrets.add(given().get("/.well-known/jwks.json").asString().getBytes(StandardCharsets.UTF_8));
        for (byte[] secret : secrets) {
            for (String hmac : List.of(AlgorithmIdentifiers.HMAC_SHA256, AlgorithmIdentifiers.HMAC_SHA384, AlgorithmIdentifiers.HMAC_SHA512)) {
                assertUnauthorized(me(sign(claims, new HmacKey(secret), hmac, kid)));
            }
        }
    }

    /**
     * Algorithm confusion: an Ed25519 signature is 64 bytes, exactly the size of an ES256 one, so a
     * token can carry our key's real signature under another {@code alg}. The key the {@code kid}
     * names decides the algorithm: any other {@code alg} is refused, even with a genuine signature.
     */
    @Test
    void aTokenWhoseAlgIsNotTheAlgorithmOfItsKeyIsRefused() throws Exception {
        String token = accessToken(registered());
        String kid = Jwts.header(token).getString("kid");
        String claims = Jwts.claimsJson(token);
        PrivateKey serverKey = ServerSigningKey.open(dataSource, sealer, kid);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey ecKey = ec.generateKeyPair().getPrivate();

        // The rule itself: a kid resolves to its key only together with that key's algorithm.
        assertNotNull(keys.verifying(kid, "EdDSA"));
        assertNull(keys.verifying(kid, "ES256"));
        assertNull(keys.verifying(kid, "HS256"));
        assertNull(keys.verifying(kid, null));
        // The positive control: put together the same way with the right alg, it is accepted.
        me(signedByServer(serverKey, "EdDSA", kid, claims)).then().statusCode(200);

        assertUnauthorized(me(signedByServer(serverKey, "ES256", kid, claims)));
        assertUnauthorized(me(signedByServer(serverKey, "Ed25519", kid, claims)));
        assertUnauthorized(me(signedByServer(serverKey, "ES512", kid, claims)));
        assertUnauthorized(me(sign(parsedClaims(token), ecKey, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, kid)));
    }

    @Test
    void aRotationMakesAnotherEd25519KeyAndTheOldTokensStayGood() {
        SigningKeySnapshot before = SigningKeySnapshot.take(dataSource);
        try {
            TestUser user = registered();
            Rotation rotated = rotation.rotate().await().indefinitely();
            if (!rotated.created()) {
                clock.advance(Duration.between(clock.instant(), rotated.signsFrom()).plusSeconds(1));
                rotated = rotation.rotate().await().indefinitely();
            }

            assertTrue(rotated.created());
            assertEquals("EdDSA", Db.single(dataSource, "SELECT algorithm FROM signing_keys WHERE kid = ?", rotated.kid()));
            String newKid = rotated.kid();
            Map<String, Object> published = jwks().stream().filter(key -> newKid.equals(key.get("kid"))).findFirst().orElseThrow();
            assertEquals("OKP", published.get("kty"));
            assertEquals("EdDSA", published.get("alg"));

            clock.advance(Duration.between(clock.instant(), rotated.signsFrom()).minusSeconds(1));
            String oldToken = accessToken(user);
            clock.advance(Duration.ofSeconds(2));
            String newToken = accessToken(user);

            assertEquals(newKid, Jwts.header(newToken).getString("kid"));
            assertEquals("EdDSA", Jwts.header(newToken).getString("alg"));
            assertNotEquals(Jwts.header(oldToken).getString("kid"), newKid);
            me(newToken).then().statusCode(200);
            me(oldToken).then().statusCode(200);
        } finally {
            clock.reset();
            before.restore(keys);
        }
    }

    /** header.payload.signature with the given {@code alg}, signed by the server's Ed25519 key. */
    private static String signedByServer(PrivateKey serverKey, String alg, String kid, String claims) throws Exception {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
        return compact(header, claims, ed25519Sign(serverKey, signingInput(header, claims)));
    }

    private PublicKey publishedKey(String kid) throws Exception {
        return ed25519FromJwk(jwks().stream().filter(key -> kid.equals(key.get("kid"))).findFirst().orElseThrow());
    }

    private static List<Map<String, Object>> jwks() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys");
    }
}
