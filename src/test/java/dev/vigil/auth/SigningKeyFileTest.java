package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil.tokens.signing-key-file} holds an EC P-256 key (ES256) or an Ed25519 key (EdDSA); the
 * algorithm is the key's, and it must be the configured one.
 */
class SigningKeyFileTest {

    static final Path ED25519_FILE = Path.of("src/test/resources/keys/test-ed25519-signing-key.pem");
    /** The public key of that file, as OpenSSL derived it (written beside it). */
    private static final String ED25519_PUBLIC = "MCowBQYDK2VwAyEATL09uLZiNnw6W456Rq5MIiNUe02vEgwSs7NAa+69jfE=";

    @Test
    void anEd25519FileIsAnEdDsaKeyWithTheRightPublicHalf() throws Exception {
        SigningKey key = SigningKeys.fromPemFile(ED25519_FILE);

        assertEquals(SigningAlgorithm.EdDSA, key.algorithm());
        assertArrayEquals(Base64.getDecoder().decode(ED25519_PUBLIC), key.publicKey().getEncoded());
        assertEquals(SigningAlgorithm.EdDSA.thumbprint(key.publicKey()), key.kid());
        // The JDK's own Ed25519 verifies what the key signs.
        byte[] message = "signed with the file's key".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("Ed25519", JoseProviders.bouncyCastle());
        signer.initSign(key.privateKey());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature jdk = Signature.getInstance("Ed25519", "SunEC");
        jdk.initVerify(java.security.KeyFactory.getInstance("Ed25519", "SunEC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(ED25519_PUBLIC))));
        jdk.update(message);
        assertTrue(jdk.verify(signature));
    }

    @Test
    void aP256FileIsAnEs256Key() {
        assertEquals(SigningAlgorithm.ES256, SigningKeys.fromPemFile(ConfiguredSigningKeyTest.KEY_FILE).algorithm());
    }

    @Test
    void aFileWhoseKeyIsNotOfTheConfiguredAlgorithmStopsTheStart() {
        IllegalStateException edFileForEs256 = assertThrows(IllegalStateException.class,
                () -> startWith(SigningAlgorithm.ES256, ED25519_FILE));
        IllegalStateException ecFileForEdDsa = assertThrows(IllegalStateException.class,
                () -> startWith(SigningAlgorithm.EdDSA, ConfiguredSigningKeyTest.KEY_FILE));

        assertEquals("vigil.tokens.signing-key-file holds an Ed25519 key (EdDSA) but vigil.tokens.signing-algorithm is ES256:"
                + " set it to EdDSA or configure an EC P-256 key (ES256)", edFileForEs256.getMessage());
        assertEquals("vigil.tokens.signing-key-file holds an EC P-256 key (ES256) but vigil.tokens.signing-algorithm is EdDSA:"
                + " set it to ES256 or configure an Ed25519 key (EdDSA)", ecFileForEdDsa.getMessage());
    }

    @Test
    void aFileWithAnEd25519KeySignsWhenEdDsaIsConfigured() {
        SigningKeys keys = startWith(SigningAlgorithm.EdDSA, ED25519_FILE);

        assertEquals(SigningAlgorithm.EdDSA, keys.current().algorithm());
        assertTrue(keys.jwks().contains("\"kty\":\"OKP\""), keys.jwks());
        assertTrue(keys.jwks().contains("\"alg\":\"EdDSA\""), keys.jwks());
    }

    @Test
    void aFileWithAnotherKindOfKeyIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        // An Ed448 key (made by OpenSSL for this test): neither of the two algorithms.
        Path ed448 = dir.resolve("ed448.pem");
        Files.writeString(ed448, "-----BEGIN PRIVATE KEY-----\n"
                + "MEcCAQAwBQYDK2VxBDsEOTEi6tcH9LzslIFj+FGmfMraHDdooRrGR4iR2lDds4nr\n"
                + "S6teRSG+kquxD6NSPH08YlO/v5MOLbtZZw==\n"
                + "-----END PRIVATE KEY-----\n");
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");

        IllegalStateException wrongKind = assertThrows(IllegalStateException.class, () -> SigningKeys.fromPemFile(ed448));
        IllegalStateException notAKey = assertThrows(IllegalStateException.class, () -> SigningKeys.fromPemFile(notPem));

        assertEquals("vigil.tokens.signing-key-file must hold a PKCS#8 EC P-256 or Ed25519 private key", wrongKind.getMessage());
        assertTrue(notAKey.getMessage().contains("PKCS#8"), notAKey.getMessage());
    }

    private static SigningKeys startWith(SigningAlgorithm algorithm, Path file) {
        TokenConfig config = TokenConfigs.withKeyFile(new DefaultTokens(), algorithm, file.toString());
        SigningKeys keys = new SigningKeys(null, null, config, Clock.systemUTC(), new SecretSealer((byte[]) null));
        keys.onStart(null);
        return keys;
    }

    /** The defaults of {@link TokenConfig}, for an instance that only reads a key file. */
    private static final class DefaultTokens implements TokenConfig {
        @Override
        public Duration accessTtl() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration refreshTtl() {
            return Duration.ofDays(30);
        }

        @Override
        public Duration sessionMaxAge() {
            return Duration.ofDays(90);
        }

        @Override
        public Duration refreshReuseGrace() {
            return Duration.ofSeconds(10);
        }

        @Override
        public SigningAlgorithm signingAlgorithm() {
            return SigningAlgorithm.ES256;
        }

        @Override
        public Optional<String> signingKeyFile() {
            return Optional.empty();
        }

        @Override
        public String audience() {
            return "http://localhost:8080";
        }

        @Override
        public Duration signingKeyRotateEvery() {
            return Duration.ofDays(90);
        }

        @Override
        public Duration signingKeyPublishAhead() {
            return Duration.ofMinutes(10);
        }

        @Override
        public String signingKeyCheckEvery() {
            return "60s";
        }
    }
}
