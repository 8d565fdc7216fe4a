package dev.vigil.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets that Vigil must be able to read back (token signing private keys, TOTP secrets)
 * with {@code vigil.secret-key}: AES-256-GCM, a fresh 96-bit nonce for every seal, and associated
 * data naming what the secret is and which row holds it, so a sealed value copied into another row
 * (or used for another purpose) does not open.
 *
 * <p>Stored form: {@code 0x02 | key id | nonce (12) | ciphertext | tag (16)}. The first byte names
 * this format; the key id is the first byte of an HMAC of a fixed label under the key, so a value
 * sealed with another key is told apart before any decryption (and a later key rotation can pick the
 * right key by it). Both header bytes are part of the associated data.
 *
 * <p>Where the key comes from is {@link SecretKeyResolver}'s business; without one (an external
 * database and no key configured) {@link #sealing()} is false and callers store secrets as they are.
 */
@ApplicationScoped
public class SecretSealer {

    /** What a sealed value holds; part of the associated data. */
    enum Purpose {
        SIGNING_KEY("signing-key"),
        TOTP_SECRET("totp-secret");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    static final byte FORMAT = 2;
    static final int HEADER_BYTES = 2;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int KEY_BYTES = 32;
    /** The config source name under which the embedded PostgreSQL supplies the datasource URL. */
    static final String EMBEDDED_DATASOURCE_SOURCE = "vigil-embedded-postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final byte keyId;

    @Inject
    SecretSealer(@ConfigProperty(name = "vigil.secret-key") Optional<String> secretKey, MfaConfig mfa,
            @ConfigProperty(name = "vigil.embedded-postgres.data-dir") Optional<String> dataDir) {
        this(SecretKeyResolver.resolve(secretKey, mfa.secretKey(), embeddedDatabase(),
                dataDir.filter(d -> !d.isBlank()).map(Path::of)).key().orElse(null));
    }

    /** With this key (32 bytes), or none (null). */
    SecretSealer(byte[] key) {
        if (key != null && key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secret key is 32 bytes");
        }
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
        this.keyId = key == null ? 0 : keyId(this.key);
    }

    /** True when a key is configured (or generated): secrets are then stored sealed. */
    public boolean sealing() {
        return key != null;
    }

    /** The configured key's id byte, as written in every value it seals. */
    int keyId() {
        return keyId & 0xff;
    }

    /** True when {@code stored} has the form {@link #seal} writes (whichever key sealed it). */
    static boolean looksSealed(byte[] stored) {
        return stored.length > HEADER_BYTES + NONCE_BYTES + TAG_BYTES && stored[0] == FORMAT;
    }

    /** The key id byte of a sealed value. */
    static int keyIdOf(byte[] sealed) {
        return sealed[1] & 0xff;
    }

    byte[] seal(Purpose purpose, String rowId, byte[] secret) {
        if (key == null) {
            throw new IllegalStateException("no vigil.secret-key: nothing can be sealed");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] header = {FORMAT, keyId};
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, associatedData(header, purpose, rowId), secret, purpose, rowId);
        return ByteBuffer.allocate(HEADER_BYTES + NONCE_BYTES + sealed.length).put(header).put(nonce).put(sealed).array();
    }

    /**
     * The secret in a value {@link #seal} made for this purpose and row. Fails with a message that
     * says why (no key, another key, altered or moved) and never with garbage: GCM checks the tag.
     */
    byte[] open(Purpose purpose, String rowId, byte[] stored) {
        if (!looksSealed(stored)) {
            throw new IllegalStateException("The stored " + purpose.label + " of " + rowId + " is not in a sealed form");
        }
        if (key == null) {
            throw new IllegalStateException(String.format("The stored %s of %s is sealed with a secret key (key id 0x%02x);"
                    + " set vigil.secret-key to that key", purpose.label, rowId, keyIdOf(stored)));
        }
        if (stored[1] != keyId) {
            throw new IllegalStateException(String.format("The stored %s of %s was sealed with another vigil.secret-key"
                    + " (key id 0x%02x; the configured key has id 0x%02x)", purpose.label, rowId, keyIdOf(stored), keyId()));
        }
        byte[] header = Arrays.copyOfRange(stored, 0, HEADER_BYTES);
        byte[] nonce = Arrays.copyOfRange(stored, HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(stored, HEADER_BYTES + NONCE_BYTES, stored.length);
        return crypt(Cipher.DECRYPT_MODE, nonce, associatedData(header, purpose, rowId), sealed, purpose, rowId);
    }

    /**
     * Opens a value in the earlier TOTP form ({@code 0x01 | nonce | ciphertext+tag}, the user id's
     * 16 bytes as associated data), which {@code vigil.mfa.secret-key} wrote; start-up reseals them.
     */
    byte[] openLegacy(Purpose purpose, String rowId, byte[] nonce, byte[] sealed, byte[] associatedData) {
        if (key == null) {
            throw new IllegalStateException("The stored " + purpose.label + " of " + rowId
                    + " is sealed with a secret key; set vigil.secret-key to that key");
        }
        return crypt(Cipher.DECRYPT_MODE, nonce, associatedData, sealed, purpose, rowId);
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] associatedData, byte[] input, Purpose purpose, String rowId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("The stored " + purpose.label + " of " + rowId + " does not open with the"
                    + " configured vigil.secret-key: another key sealed it, or the value was altered or copied from another row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(byte[] header, Purpose purpose, String rowId) {
        byte[] label = ("vigil:" + purpose.label + ":" + rowId).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + label.length).put(header).put(label).array();
    }

    private static byte keyId(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal("vigil.secret-key id".getBytes(StandardCharsets.US_ASCII))[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** True when the datasource URL is the embedded PostgreSQL's (no datasource was configured). */
    private static boolean embeddedDatabase() {
        String source = ConfigProvider.getConfig().getConfigValue("quarkus.datasource.reactive.url").getSourceName();
        // SmallRye names it "PropertiesConfigSource[source=<name>]"; the jar test checks this end to end.
        return source != null && source.contains(EMBEDDED_DATASOURCE_SOURCE);
    }
}
