package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With vigil.tokens.signing-key-file set, that key (and only it) signs and is published. */
@QuarkusTest
@TestProfile(ConfiguredSigningKeyTest.KeyFromFile.class)
class ConfiguredSigningKeyTest {

    static final Path KEY_FILE = Path.of("src/test/resources/keys/test-signing-key.pem");

    public static class KeyFromFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.tokens.signing-key-file", KEY_FILE.toString());
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    SigningKeyRotation rotation;

    @Test
    void theConfiguredKeyIsTheOnePublishedAndUsed() throws Exception {
        List<JsonWebKey> keys = new JsonWebKeySet(given().get("/.well-known/jwks.json").asString()).getJsonWebKeys();
        assertEquals(1, keys.size());
        ECPrivateKey configured = readPrivateKey();
        java.security.interfaces.ECPublicKey published = (java.security.interfaces.ECPublicKey) keys.get(0).getKey();
        // The published point is the configured private scalar times the curve's generator.
        org.bouncycastle.jce.spec.ECNamedCurveParameterSpec curve = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
        org.bouncycastle.math.ec.ECPoint expected = curve.getG().multiply(configured.getS()).normalize();
        assertEquals(expected.getAffineXCoord().toBigInteger(), published.getW().getAffineX());
        assertEquals(expected.getAffineYCoord().toBigInteger(), published.getW().getAffineY());

        String token = login(registered()).getString("access_token");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(published);
        assertEquals(keys.get(0).getKeyId(), jws.getKeyIdHeaderValue());
        assertEquals(true, jws.verifySignature());
    }

    @Test
    void aConfiguredKeyIsNotRotatedFromTheApi() throws Exception {
        TestUser superuser = registered();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin,superuser' WHERE username = ?", superuser.username());

        assertProblem(as(login(superuser).getString("access_token")).post("/api/v1/admin/signing-keys/rotate"),
                409, "invalid-state-transition");
        assertNull(rotation.rotateIfDue().await().indefinitely(), "nor by itself");
        assertEquals(1, new JsonWebKeySet(given().get("/.well-known/jwks.json").asString()).getJsonWebKeys().size());
    }

    private static ECPrivateKey readPrivateKey() throws Exception {
        String pem = Files.readString(KEY_FILE);
        String body = pem.substring(pem.indexOf("-----BEGIN"), pem.indexOf("-----END"))
                .replace("-----BEGIN PRIVATE KEY-----", "").replaceAll("\\s", "");
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
