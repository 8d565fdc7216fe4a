package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Jwts.encode;
import static dev.vigil.support.Jwts.parsedClaims;
import static dev.vigil.support.Jwts.sign;
import static dev.vigil.support.Jwts.withClaims;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Access tokens that were forged, altered, expired or presented the wrong way are all refused with
 * 401 on {@code GET /api/v1/me}. Tokens are built here with jose4j and plain JDK crypto,
 * independently of the issuing code; the positive control proves that a correctly made token does
 * pass, so each refusal is about the one thing that was changed.
 */
@QuarkusTest
class TokenTamperingTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    SecretSealer sealer;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void tokenSignedWithTheServerKeyAndRealClaimsIsAccepted() throws Exception {
        String real = accessToken(registered());
        String userId = userId(real);
        JwtClaims claims = parsedClaims(real);
        claims.setGeneratedJwtId();

        me(signWithServerKey(claims, serverKid())).then().statusCode(200).body("id", equalTo(userId));
    }

    @Test
    void algNoneIsRefused() {
        String real = accessToken(registered());
        String payload = real.split("\\.")[1];

        assertUnauthorized(me(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "."));
        assertUnauthorized(me(encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + serverKid() + "\"}") + "." + payload + "."));
        assertUnauthorized(me(encode("{\"alg\":\"none\"}") + "." + payload));
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecretIsRefused() throws Exception {
        String real = accessToken(registered());
        JwtClaims claims = parsedClaims(real);
        String kid = serverKid();
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        JsonWebKey jwk = new JsonWebKeySet(jwks).findJsonWebKey(kid, null, null, null);
        byte[] der = ((PublicKey) jwk.getKey()).getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PUBLIC KEY-----";

        List<byte[]> secrets = new ArrayList<>();
        secrets.add(der);
        secrets.add(pem.getBytes(StandardCharsets.US_ASCII));
        secrets.add((pem + "\n").getBytes(StandardCharsets.US_ASCII));
        secrets.add(jwks.getBytes(StandardCharsets.UTF_8));
        secrets.add(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8));
        for (byte[] secret : secrets) {
            assertUnauthorized(me(sign(claims, new HmacKey(secret), AlgorithmIdentifiers.HMAC_SHA256, kid)));
        }
    }

    @Test
    void changingTheSubjectKeepingTheSignatureIsRefused() throws Exception {
        String mine = accessToken(registered());
        String victimsId = userId(accessToken(registered()));
        JwtClaims claims = parsedClaims(mine);
        claims.setSubject(victimsId);

        assertUnauthorized(me(withClaims(mine, claims.toJson())));
    }

    @Test
    void addingAdminToGroupsKeepingTheSignatureIsRefused() throws Exception {
        String mine = accessToken(registered());
        JwtClaims claims = parsedClaims(mine);
        claims.setStringListClaim("groups", "user", "admin", "superuser");

        assertUnauthorized(me(withClaims(mine, claims.toJson())));
    }

    @Test
    void tokenSignedByAnotherP256KeyWithTheSameKidIsRefused() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));

        assertUnauthorized(me(sign(claims, foreignEcKey(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, serverKid())));
    }

    @Test
    void tokenWithAnUnknownKidIsRefused() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        String es256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

        assertUnauthorized(me(sign(claims, foreignEcKey(), es256, "some-other-key")));
        assertUnauthorized(me(signWithServerKey(claims, "some-other-key")));
        assertUnauthorized(me(signWithServerKey(claims, null)));
    }

    @Test
    void tokenFromAnotherIssuerIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        claims.setIssuer("https://vigil.example.org");

        assertUnauthorized(me(signWithServerKey(claims, serverKid())));
    }

    @Test
    void tokenWithoutASessionIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        claims.unsetClaim("sid");

        assertUnauthorized(me(signWithServerKey(claims, serverKid())));
    }

    @Test
    void tokenWithoutAnAudienceIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        claims.unsetClaim("aud");

        assertUnauthorized(me(signWithServerKey(claims, serverKid())));
    }

    @Test
    void tokenForAnotherAudienceIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        claims.setAudience("https://another-service.example.org");

        assertUnauthorized(me(signWithServerKey(claims, serverKid())));
        claims.setAudience("https://another-service.example.org", "https://vigil.example.org");
        assertUnauthorized(me(signWithServerKey(claims, serverKid())));
    }

    @Test
    void tokenThatIsNotTypedAsAnAccessTokenIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        String kid = serverKid();

        assertUnauthorized(me(signWithServerKey(claims, kid, null)));
        assertUnauthorized(me(signWithServerKey(claims, kid, "JWT")));
        assertUnauthorized(me(signWithServerKey(claims, kid, "id_token+jwt")));
        me(signWithServerKey(claims, kid, "application/at+jwt")).then().statusCode(200);
    }

    /**
     * The attack from a database copy: a superuser's groups and a session that never existed. Even
     * signed with the real key, the made-up session is refused.
     */
    @Test
    void tokenNamingASessionThatDoesNotExistIsRefusedEvenWithTheRightSignature() throws Exception {
        JwtClaims claims = parsedClaims(accessToken(registered()));
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setStringListClaim("groups", "user", "admin", "superuser");
        String forged = signWithServerKey(claims, serverKid());

        assertUnauthorized(me(forged));
        assertUnauthorized(given().header("Authorization", "Bearer " + forged).get("/api/v1/admin/users"));
        assertUnauthorized(me(forged));
    }

    @Test
    void tokenNamingALiveSessionThisInstanceNeverSignedForIsLookedUpAndAccepted() throws Exception {
        String real = accessToken(registered());
        String userId = userId(real);
        UUID sessionFromElsewhere = UUID.randomUUID();
        byte[] refreshHash = new byte[32];
        new java.security.SecureRandom().nextBytes(refreshHash);
        Db.update(dataSource, "INSERT INTO sessions (id, user_id, refresh_token_hash, created_at, last_used_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", sessionFromElsewhere, UUID.fromString(userId), refreshHash,
                clock.instant(), clock.instant(), clock.instant().plus(Duration.ofDays(1)));
        JwtClaims claims = parsedClaims(real);
        claims.setClaim("sid", sessionFromElsewhere.toString());
        String token = signWithServerKey(claims, serverKid());

        me(token).then().statusCode(200).body("id", equalTo(userId));
        me(token).then().statusCode(200).body("id", equalTo(userId));
    }

    @Test
    void accessTokenIsRefusedOnceItsTenMinutesAndTheClockSkewArePast() {
        String token = accessToken(registered());
        clock.advance(Duration.ofMinutes(9));
        me(token).then().statusCode(200);

        clock.advance(Duration.ofMinutes(1).plusSeconds(35));

        assertUnauthorized(me(token));
    }

    @Test
    void basicCredentialsAreRefused() {
        String basic = Base64.getEncoder().encodeToString("someone:secret".getBytes(StandardCharsets.UTF_8));

        assertUnauthorized(given().header("Authorization", "Basic " + basic).get("/api/v1/me"));
    }

    @Test
    void bearerWithoutATokenIsRefused() {
        assertUnauthorized(given().header("Authorization", "Bearer ").get("/api/v1/me"));
        assertUnauthorized(given().header("Authorization", "Bearer").get("/api/v1/me"));
    }

    @Test
    void tokenInTheQueryStringIsIgnored() {
        String token = accessToken(registered());

        assertUnauthorized(given().queryParam("access_token", token).get("/api/v1/me"));
    }

    /** Signs with the server's signing key (read from the database and opened with the secret key). */
    private String signWithServerKey(JwtClaims claims, String kid) throws Exception {
        return signWithServerKey(claims, kid, "at+jwt");
    }

    private String signWithServerKey(JwtClaims claims, String kid, String type) throws Exception {
        PrivateKey key = ServerSigningKey.open(dataSource, sealer, serverKid());
        return sign(claims, key, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, kid, type);
    }

    /** The key that signs tokens now. */
    private static String serverKid() {
        return Jwts.header(accessToken(registered())).getString("kid");
    }

    private static PrivateKey foreignEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPrivate();
    }
}
