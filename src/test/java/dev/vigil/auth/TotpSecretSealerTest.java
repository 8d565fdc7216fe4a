package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** TOTP secrets at rest: sealed to their user with the secret key, or stored as they are without one. */
class TotpSecretSealerTest {

    private static final byte[] KEY = randomKey();

    private final UUID user = UUID.randomUUID();
    private final byte[] secret = Totp.newSecret();

    @Test
    void withAKeyTheStoredFormHidesTheSecretAndOpensForItsUserOnly() {
        TotpSecretSealer sealer = sealer(KEY);

        byte[] stored = sealer.seal(user, secret);

        assertEquals(2 + 12 + Totp.SECRET_BYTES + 16, stored.length);
        assertFalse(contains(stored, secret), "the secret does not appear in what is stored");
        assertArrayEquals(secret, sealer.open(user, stored));
        assertThrows(IllegalStateException.class, () -> sealer.open(UUID.randomUUID(), stored),
                "copied to another user's row it does not open");
        stored[stored.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> sealer.open(user, stored), "a changed byte is noticed");
    }

    @Test
    void twoSealsOfOneSecretDiffer() {
        TotpSecretSealer sealer = sealer(KEY);
        assertFalse(Arrays.equals(sealer.seal(user, secret), sealer.seal(user, secret)), "a fresh nonce each time");
    }

    @Test
    void withoutAKeySecretsAreStoredAsTheyAreAndSealedOnesCannotBeRead() {
        TotpSecretSealer plain = sealer(null);
        assertArrayEquals(secret, plain.seal(user, secret));
        assertArrayEquals(secret, plain.open(user, secret));
        assertFalse(plain.needsResealing(secret));

        byte[] sealed = sealer(KEY).seal(user, secret);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> plain.open(user, sealed));
        assertTrue(failure.getMessage().contains("set vigil.secret-key"), failure.getMessage());
    }

    @Test
    void aSecretSealedWithAnotherKeyFailsSayingSoInsteadOfGivingGarbage() {
        byte[] sealed = sealer(randomKey()).seal(user, secret);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> sealer(KEY).open(user, sealed));
        assertTrue(failure.getMessage().contains("vigil.secret-key") && failure.getMessage().contains("another"),
                failure.getMessage());
    }

    @Test
    void secretsStoredBeforeAKeyWasSetStayReadableUntilTheStartSealsThem() {
        TotpSecretSealer sealer = sealer(KEY);

        assertArrayEquals(secret, sealer.open(user, secret));
        assertTrue(sealer.needsResealing(secret));
        assertFalse(sealer.needsResealing(sealer.seal(user, secret)));
    }

    /** The form vigil.mfa.secret-key wrote before: 0x01, nonce, ciphertext, the user id as associated data. */
    @Test
    void secretsInTheEarlierSealedFormOpenWithTheSameKeyAndAreSealedAgain() throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(ByteBuffer.allocate(16).putLong(user.getMostSignificantBits()).putLong(user.getLeastSignificantBits()).array());
        byte[] ciphertext = cipher.doFinal(secret);
        byte[] earlier = ByteBuffer.allocate(1 + 12 + ciphertext.length).put((byte) 1).put(nonce).put(ciphertext).array();
        TotpSecretSealer sealer = sealer(KEY);

        assertArrayEquals(secret, sealer.open(user, earlier));
        assertTrue(sealer.needsResealing(earlier));
        assertThrows(IllegalStateException.class, () -> sealer.open(UUID.randomUUID(), earlier));
    }

    private static TotpSecretSealer sealer(byte[] key) {
        return new TotpSecretSealer(new SecretSealer(key), null);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return true;
            }
        }
        return false;
    }
}
