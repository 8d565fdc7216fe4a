package dev.vigil.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The shape of an API key: {@code vgl_} + 8 lower-case letters or digits (the visible prefix, which
 * finds the key) + {@code _} + 256 random bits in base64url (the secret). Only the SHA-256 of the
 * whole key is stored; 256 random bits need no slow hash.
 */
final class ApiKeyFormat {

    static final String MARKER = "vgl_";
    static final int PREFIX_LENGTH = MARKER.length() + 8;
    private static final int SECRET_BYTES = 32;
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern SHAPE = Pattern.compile("vgl_[a-z0-9]{8}_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    static String generate() {
        StringBuilder key = new StringBuilder(MARKER);
        for (int i = 0; i < PREFIX_LENGTH - MARKER.length(); i++) {
            key.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return key.append('_').append(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)).toString();
    }

    static boolean isPlausible(String key) {
        return key != null && SHAPE.matcher(key).matches();
    }

    static String prefixOf(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Constant-time comparison of the stored hash with the presented key's. */
    static boolean matches(byte[] storedHash, String key) {
        return MessageDigest.isEqual(storedHash, hash(key));
    }
}
