package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Opaque refresh tokens: 256 random bits for the client, their SHA-256 for the database. */
final class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 128;

    private RefreshTokens() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
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
}
