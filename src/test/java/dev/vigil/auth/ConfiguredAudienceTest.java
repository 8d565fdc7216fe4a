package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Jwts.parsedClaims;
import static dev.vigil.support.Jwts.sign;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With vigil.tokens.audience set, tokens carry that audience, and only that audience is accepted. */
@QuarkusTest
@TestProfile(ConfiguredAudienceTest.ApiAudience.class)
class ConfiguredAudienceTest {

    static final String AUDIENCE = "https://api.example.org";

    public static class ApiAudience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.tokens.audience", AUDIENCE);
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    SecretSealer sealer;

    @Test
    void tokensCarryTheConfiguredAudienceAndTheIssuerStaysThePublicUrl() throws Exception {
        String token = accessToken(registered());

        JwtClaims claims = parsedClaims(token);
        assertEquals(List.of(AUDIENCE), claims.getAudience());
        assertEquals("http://localhost:8080", claims.getIssuer());
        me(token).then().statusCode(200);
    }

    @Test
    void aTokenForThePublicUrlAudienceIsRefusedHere() throws Exception {
        String token = accessToken(registered());
        String kid = Jwts.header(token).getString("kid");
        JwtClaims claims = parsedClaims(token);
        claims.setAudience("http://localhost:8080");

        assertUnauthorized(me(sign(claims, ServerSigningKey.open(dataSource, sealer, kid),
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, kid)));
    }
}
