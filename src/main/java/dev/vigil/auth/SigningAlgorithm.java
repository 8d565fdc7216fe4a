package dev.vigil.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;

import org.eclipse.microprofile.config.spi.Converter;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The algorithms that may sign access tokens ({@code vigil.tokens.signing-algorithm}). The constant's
 * name is the JOSE {@code alg} (header and JWK), and also what the {@code algorithm} column of
 * {@code signing_keys} holds.
 *
 * <ul>
 * <li>{@link #ES256}: ECDSA on P-256 with SHA-256. The default.</li>
 * <li>{@link #EdDSA}: Ed25519 (RFC 8037), published as an {@code OKP} key; a signature costs less
 * than half of an ES256 one (bench/SignRate.java).</li>
 * </ul>
 *
 * <p>Keys of both are made and read by Bouncy Castle, the provider that signs and verifies
 * ({@link JoseProviders}): handed a key object of the JDK's provider, Bouncy Castle converts it at
 * every signature and verification, which tripled the cost of an ES256 token (about 340 µs instead
 * of 110 µs to sign on the build machine, bench/README.md). The stored forms (X.509, PKCS#8) are the
 * standard ones either way, so keys stored earlier read the same.
 */
public enum SigningAlgorithm {

    ES256(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256) {
        @Override
        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", JoseProviders.bouncyCastle());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        @Override
        KeyFactory keyFactory() throws GeneralSecurityException {
            return KeyFactory.getInstance("EC", JoseProviders.bouncyCastle());
        }

        @Override
        String thumbprint(PublicKey key) {
            return new EllipticCurveJsonWebKey((ECPublicKey) key).calculateBase64urlEncodedThumbprint("SHA-256");
        }
    },

    EdDSA(AlgorithmIdentifiers.EDDSA) {
        @Override
        KeyPair generate() throws GeneralSecurityException {
            return KeyPairGenerator.getInstance("Ed25519", JoseProviders.bouncyCastle()).generateKeyPair();
        }

        @Override
        KeyFactory keyFactory() throws GeneralSecurityException {
            return KeyFactory.getInstance("Ed25519", JoseProviders.bouncyCastle());
        }

        @Override
        String thumbprint(PublicKey key) {
            return new OctetKeyPairJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
        }
    };

    /** The configuration key that chooses the algorithm of new keys. */
    static final String CONFIG_KEY = "vigil.tokens.signing-algorithm";

    private final String jose;

    SigningAlgorithm(String jose) {
        this.jose = jose;
    }

    /** The JOSE {@code alg} of tokens this algorithm signs, and of its keys in the JWKS. */
    String jose() {
        return jose;
    }

    /** A new key pair. */
    abstract KeyPair generate() throws GeneralSecurityException;

    /** Reads this algorithm's keys (X.509 public, PKCS#8 private). */
    abstract KeyFactory keyFactory() throws GeneralSecurityException;

    /** RFC 7638 thumbprint of a public key of this algorithm: the key id changes exactly when the key does. */
    abstract String thumbprint(PublicKey key);

    PublicKey decodePublic(byte[] x509) throws GeneralSecurityException {
        return keyFactory().generatePublic(new X509EncodedKeySpec(x509));
    }

    PrivateKey decodePrivate(byte[] pkcs8) throws GeneralSecurityException {
        return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** The algorithm a stored key was made for ({@code signing_keys.algorithm}). */
    static SigningAlgorithm ofStored(String stored) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.jose.equals(stored)) {
                return algorithm;
            }
        }
        throw new IllegalStateException("unknown algorithm " + stored);
    }

    /**
     * Reads {@value #CONFIG_KEY}: {@code ES256} or {@code EdDSA}, in any letter case. Anything else stops
     * the start with a message that names the key and the values it takes.
     */
    public static final class ConfigConverter implements Converter<SigningAlgorithm> {

        private static final long serialVersionUID = 1L;

        @Override
        public SigningAlgorithm convert(String value) {
            String given = value == null ? "" : value.strip();
            for (SigningAlgorithm algorithm : values()) {
                if (algorithm.jose.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT))) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException(CONFIG_KEY + " must be ES256 or EdDSA, not \"" + given + "\"");
        }
    }
}
