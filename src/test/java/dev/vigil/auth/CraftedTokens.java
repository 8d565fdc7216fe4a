package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Tokens put together byte by byte, and Ed25519 done with the JDK's own provider (SunEC) only: no
 * jose4j and no Bouncy Castle, so what these helpers accept or make is independent of the code under
 * test.
 */
final class CraftedTokens {

    /** The DER of an Ed25519 SubjectPublicKeyInfo up to the 32 key bytes (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private CraftedTokens() {
    }

    /** {@code header.payload.signature} from the JSON texts and the raw signature bytes. */
    static String compact(String headerJson, String claimsJson, byte[] signature) {
        return signingInput(headerJson, claimsJson) + "." + base64Url(signature);
    }

    static String signingInput(String headerJson, String claimsJson) {
        return base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claimsJson.getBytes(StandardCharsets.UTF_8));
    }

    /** An Ed25519 signature of the text's ASCII bytes, made by the JDK. */
    static byte[] ed25519Sign(PrivateKey key, String signingInput) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519", "SunEC");
        signer.initSign(jdkPrivateKey(key));
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signer.sign();
    }

    /** Whether the JDK's Ed25519 finds the token's signature good under the key. */
    static boolean ed25519Verifies(PublicKey key, String jwt) throws GeneralSecurityException {
        String[] parts = jwt.split("\\.");
        Signature verifier = Signature.getInstance("Ed25519", "SunEC");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    /** The JDK's public key for an {@code OKP}/{@code Ed25519} JWK, from its {@code x} alone. */
    static PublicKey ed25519FromJwk(Map<String, Object> jwk) throws GeneralSecurityException {
        if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))) {
            throw new IllegalArgumentException("not an Ed25519 JWK: " + jwk);
        }
        byte[] x = Base64.getUrlDecoder().decode((String) jwk.get("x"));
        if (x.length != 32) {
            throw new IllegalArgumentException("x is " + x.length + " bytes");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The token with one bit of its signature flipped (in the middle, where every bit counts). */
    static String withFlippedSignatureBit(String jwt) {
        String[] parts = jwt.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + base64Url(signature);
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The same private key as the JDK's own object (Bouncy Castle's keys are read back from PKCS#8). */
    private static PrivateKey jdkPrivateKey(PrivateKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519", "SunEC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
    }
}
