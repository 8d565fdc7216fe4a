package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The JWKS lets any other service verify Vigil's access tokens on its own. */
@QuarkusTest
class JwksTest {

    @Inject
    Clock clock;


    @Test
    void jwksPublishesEs256P256SigningKeysWithoutPrivateParts() {
        Response response = given().get("/.well-known/jwks.json");

        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        List<Map<String, Object>> keys = response.jsonPath().getList("keys");
        assertFalse(keys.isEmpty(), "at least one key is published");
        for (Map<String, Object> key : keys) {
            assertEquals("EC", key.get("kty"), key::toString);
            assertEquals("P-256", key.get("crv"), key::toString);
            assertEquals("ES256", key.get("alg"), key::toString);
            assertEquals("sig", key.get("use"), key::toString);
            assertTrue(key.get("kid") instanceof String kid && !kid.isBlank(), key::toString);
            assertNotNull(key.get("x"), key::toString);
            assertNotNull(key.get("y"), key::toString);
            assertFalse(key.containsKey("d"), "the private key is never published");
        }
    }

    @Test
    void everyPublishedKeyHasItsOwnKid() {
        List<String> kids = given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid");

        assertEquals(kids.size(), kids.stream().distinct().count(), kids.toString());
    }

    @Test
    void accessTokensAreTypedAsSuchAndCarryTheAudienceAndTheirKid() {
        String token = login(registered()).getString("access_token");

        JsonPath header = Jwts.header(token);
        assertEquals("at+jwt", header.getString("typ"));
        assertEquals("ES256", header.getString("alg"));
        assertNotNull(header.getString("kid"));
        Object audience = Jwts.claims(token).get("aud");
        assertTrue(audience.equals("http://localhost:8080") || audience.equals(List.of("http://localhost:8080")),
                String.valueOf(audience));
    }

    @Test
    void issuedTokenVerifiesAgainstThePublishedKeyAlone() throws Exception {
        JsonPath pair = login(registered());
        String token = pair.getString("access_token");
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        JwtConsumer anotherService = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("http://localhost:8080")
                .setExpectedAudience("http://localhost:8080")
                .setExpectedType(true, "at+jwt")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        JwtClaims claims = anotherService.processToClaims(token);

        assertEquals(userId(token), claims.getSubject());
        assertEquals(pair.getString("session_id"), claims.getStringClaimValue("sid"));
        assertEquals(List.of("user"), claims.getStringListClaimValue("groups"));
        assertNotNull(new JsonWebKeySet(jwks).findJsonWebKey(Jwts.header(token).getString("kid"), "EC", "sig", "ES256"),
                "the token's kid names a published ES256 signing key");
    }
}
