package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;

import org.junit.jupiter.api.Test;

/**
 * The stored forms of signing keys (X.509 public, PKCS#8 private) read back into keys that sign what
 * the JDK's own provider verifies, for both algorithms, and ES256 keys that earlier versions made with
 * the JDK's provider and stored still read and sign.
 */
class SigningAlgorithmKeysTest {

    private static final byte[] MESSAGE = "header.payload".getBytes(StandardCharsets.US_ASCII);

    @Test
    void storedKeysOfBothAlgorithmsReadBackAndSignWhatTheJdkVerifies() throws Exception {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            KeyPair made = algorithm.generate();

            PublicKey publicKey = algorithm.decodePublic(made.getPublic().getEncoded());
            PrivateKey privateKey = algorithm.decodePrivate(made.getPrivate().getEncoded());

            assertArrayEquals(made.getPublic().getEncoded(), publicKey.getEncoded(), algorithm::name);
            assertEquals(algorithm.thumbprint(made.getPublic()), algorithm.thumbprint(publicKey), algorithm::name);
            assertTrue(jdkVerifies(algorithm, publicKey.getEncoded(), sign(algorithm, privateKey)), algorithm::name);
        }
    }

    @Test
    void anEs256KeyMadeByTheJdkAsEarlierVersionsStoredItStillSigns() throws Exception {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
        jdk.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair earlier = jdk.generateKeyPair();

        PrivateKey read = SigningAlgorithm.ES256.decodePrivate(earlier.getPrivate().getEncoded());
        PublicKey readPublic = SigningAlgorithm.ES256.decodePublic(earlier.getPublic().getEncoded());

        assertTrue(jdkVerifies(SigningAlgorithm.ES256, earlier.getPublic().getEncoded(), sign(SigningAlgorithm.ES256, read)));
        assertEquals(SigningAlgorithm.ES256.thumbprint(earlier.getPublic()), SigningAlgorithm.ES256.thumbprint(readPublic),
                "the kid of a stored key does not change");
    }

    private static byte[] sign(SigningAlgorithm algorithm, PrivateKey key) throws Exception {
        Signature signer = Signature.getInstance(jca(algorithm), JoseProviders.bouncyCastle());
        signer.initSign(key);
        signer.update(MESSAGE);
        return signer.sign();
    }

    private static boolean jdkVerifies(SigningAlgorithm algorithm, byte[] x509, byte[] signature) throws Exception {
        String keyAlgorithm = algorithm == SigningAlgorithm.ES256 ? "EC" : "Ed25519";
        PublicKey jdkKey = KeyFactory.getInstance(keyAlgorithm, "SunEC").generatePublic(new X509EncodedKeySpec(x509));
        Signature verifier = Signature.getInstance(jca(algorithm), "SunEC");
        verifier.initVerify(jdkKey);
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }

    private static String jca(SigningAlgorithm algorithm) {
        return algorithm == SigningAlgorithm.ES256 ? "SHA256withECDSA" : "Ed25519";
    }
}
