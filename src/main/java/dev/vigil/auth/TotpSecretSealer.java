package dev.vigil.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encrypts TOTP secrets at rest when {@code vigil.mfa.secret-key} is set: AES-256-GCM with a fresh
 * 96-bit nonce per secret and the user id as associated data, so a sealed secret copied onto
 * another user's row does not open. Stored form: {@code 0x01 | nonce | ciphertext+tag}. Without a
 * key, secrets are stored as they are; a plain secret (exactly {@link Totp#SECRET_BYTES} long) is
 * always readable, so setting a key later keeps earlier enrolments working.
 */
@ApplicationScoped
class TotpSecretSealer {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKey> key;

    TotpSecretSealer(MfaConfig config) {
        this.key = config.secretKey().map(TotpSecretSealer::parseKey);
    }

    private static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("vigil.mfa.secret-key must be base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("vigil.mfa.secret-key must be 32 bytes (base64 of 256 random bits)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** What to store for {@code secret}: sealed with the key, or the secret itself without one. */
    byte[] seal(UUID userId, byte[] secret) {
        if (key.isEmpty()) {
            return secret.clone();
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, userId, nonce, secret);
        return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    }

    /** The secret behind what was stored. */
    byte[] open(UUID userId, byte[] stored) {
        if (stored.length == Totp.SECRET_BYTES) {
            return stored.clone();
        }
        if (stored.length <= 1 + NONCE_BYTES || stored[0] != VERSION) {
            throw new IllegalStateException("stored TOTP secret has an unknown form");
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("TOTP secrets are encrypted; set vigil.mfa.secret-key to read them");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(stored, 1 + NONCE_BYTES, stored.length);
        return crypt(Cipher.DECRYPT_MODE, userId, nonce, sealed);
    }

    private byte[] crypt(int mode, UUID userId, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits())
                    .putLong(userId.getLeastSignificantBits()).array());
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TOTP secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
