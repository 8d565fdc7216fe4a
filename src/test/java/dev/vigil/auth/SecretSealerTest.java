package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import dev.vigil.auth.SecretSealer.Purpose;

/** Sealing with vigil.secret-key: AES-256-GCM bound to purpose and row, with the key's id in the header. */
class SecretSealerTest {

    private final byte[] key = randomKey();
    private final SecretSealer sealer = new SecretSealer(key);
    private final byte[] secret = "a private key, say".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedValueNamesItsFormAndKeyAndOpensToTheSecret() {
        byte[] sealed = sealer.seal(Purpose.SIGNING_KEY, "kid-1", secret);

        assertEquals(SecretSealer.FORMAT, sealed[0]);
        assertEquals(sealer.keyId(), SecretSealer.keyIdOf(sealed));
        assertEquals(2 + 12 + secret.length + 16, sealed.length);
        assertTrue(SecretSealer.looksSealed(sealed));
        assertArrayEquals(secret, sealer.open(Purpose.SIGNING_KEY, "kid-1", sealed));
        assertArrayEquals(secret, new SecretSealer(key.clone()).open(Purpose.SIGNING_KEY, "kid-1", sealed),
                "the same key from another instance opens it");
    }

    @Test
    void anotherRowOrPurposeDoesNotOpenIt() {
        byte[] sealed = sealer.seal(Purpose.SIGNING_KEY, "kid-1", secret);

        assertThrows(IllegalStateException.class, () -> sealer.open(Purpose.SIGNING_KEY, "kid-2", sealed));
        assertThrows(IllegalStateException.class, () -> sealer.open(Purpose.TOTP_SECRET, "kid-1", sealed));
    }

    @Test
    void aChangedHeaderNonceOrCiphertextIsNoticed() {
        for (int position : new int[] {1, 2, 14, 20}) {
            byte[] sealed = sealer.seal(Purpose.SIGNING_KEY, "kid-1", secret);
            sealed[position] ^= 1;
            assertThrows(IllegalStateException.class, () -> sealer.open(Purpose.SIGNING_KEY, "kid-1", sealed),
                    "byte " + position);
        }
    }

    @Test
    void withoutTheKeyOrWithAnotherOneItFailsSayingWhy() {
        byte[] sealed = sealer.seal(Purpose.TOTP_SECRET, "user-1", secret);
        SecretSealer other = otherKeyWithAnotherId();

        IllegalStateException withoutKey = assertThrows(IllegalStateException.class,
                () -> new SecretSealer((byte[]) null).open(Purpose.TOTP_SECRET, "user-1", sealed));
        IllegalStateException withAnother = assertThrows(IllegalStateException.class,
                () -> other.open(Purpose.TOTP_SECRET, "user-1", sealed));

        assertTrue(withoutKey.getMessage().contains("set vigil.secret-key"), withoutKey.getMessage());
        assertTrue(withAnother.getMessage().contains("sealed with another vigil.secret-key"), withAnother.getMessage());
        assertFalse(withAnother.getMessage().contains(new String(secret, StandardCharsets.UTF_8)));
    }

    @Test
    void withoutAKeyNothingIsSealed() {
        SecretSealer none = new SecretSealer((byte[]) null);

        assertFalse(none.sealing());
        assertThrows(IllegalStateException.class, () -> none.seal(Purpose.TOTP_SECRET, "user-1", secret));
    }

    /** A key whose id byte differs from this one's (one in 256 random keys shares it). */
    private SecretSealer otherKeyWithAnotherId() {
        while (true) {
            SecretSealer other = new SecretSealer(randomKey());
            if (other.keyId() != sealer.keyId()) {
                return other;
            }
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
