package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** TOTP secrets at rest: sealed to their user with the configured key, or stored as they are without one. */
class TotpSecretSealerTest {

    private static final String KEY = randomKey();

    private final UUID user = UUID.randomUUID();
    private final byte[] secret = Totp.newSecret();

    @Test
    void withAKeyTheStoredFormHidesTheSecretAndOpensForItsUserOnly() {
        TotpSecretSealer sealer = sealer(KEY);

        byte[] stored = sealer.seal(user, secret);

        assertEquals(1 + 12 + Totp.SECRET_BYTES + 16, stored.length);
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

        byte[] sealed = sealer(KEY).seal(user, secret);
        assertThrows(IllegalStateException.class, () -> plain.open(user, sealed));
    }

    @Test
    void secretsStoredBeforeAKeyWasSetStayReadable() {
        assertArrayEquals(secret, sealer(KEY).open(user, secret));
    }

    @Test
    void aKeyThatIsNot256BitsStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> sealer(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalStateException.class, () -> sealer("not base64 at all!"));
    }

    private static TotpSecretSealer sealer(String key) {
        return new TotpSecretSealer(new MfaConfig() {
            @Override
            public String issuer() {
                return "Vigil";
            }

            @Override
            public Duration challengeTtl() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Optional<String> secretKey() {
                return Optional.ofNullable(key);
            }
        });
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
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
