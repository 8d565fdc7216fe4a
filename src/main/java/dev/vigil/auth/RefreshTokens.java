package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Opaque refresh tokens: 256 random bits for the client, their SHA-256 for the database. */
final class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    private static final int MAX_LENGTH = 128;
    private static final byte[] MASK_LABEL = "vigil refresh-token successor".getBytes(StandardCharsets.UTF_8);

    private RefreshTokens() {
    }

    static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A plain digest is enough: the input has 256 bits of entropy, so nothing can be guessed from it. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static boolean isPlausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_LENGTH;
    }

    /**
     * The token that replaced {@code predecessor}, masked so that only a holder of the predecessor
     * can read it back: XOR with HMAC-SHA256 keyed by the predecessor. The database keeps only the
     * predecessor's hash, and a token is replaced once, so each pad is used once.
     */
    static byte[] mask(String successor, String predecessor) {
        byte[] raw = Base64.getUrlDecoder().decode(successor);
        return xor(raw, pad(predecessor));
    }

    /** The successor {@link #mask} hid, or null when {@code masked} is not a mask of a token. */
    static String unmask(byte[] masked, String predecessor) {
        if (masked == null || masked.length != BYTES) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(xor(masked, pad(predecessor)));
    }

    private static byte[] pad(String predecessor) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(predecessor.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(MASK_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    private static byte[] xor(byte[] value, byte[] pad) {
        byte[] out = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            out[i] = (byte) (value[i] ^ pad[i]);
        }
        return out;
    }
}
