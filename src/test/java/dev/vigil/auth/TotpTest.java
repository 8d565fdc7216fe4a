package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The TOTP arithmetic against RFC 6238's own test vectors (appendix B, SHA-1) and oathtool. */
class TotpTest {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfc6238Sha1TestVectors() {
        assertEquals("94287082", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59)), 8));
        assertEquals("07081804", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 8));
        assertEquals("14050471", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111111)), 8));
        assertEquals("89005924", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1234567890)), 8));
        assertEquals("69279037", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(2000000000)), 8));
        assertEquals("65353130", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(20000000000L)), 8));
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsZeroPadded() {
        assertEquals("287082", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59))));
        assertEquals("081804", Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109))));
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SEED));
        assertArrayEquals(RFC_SEED, Totp.fromBase32("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"));
        byte[] secret = Totp.newSecret();
        assertArrayEquals(secret, Totp.fromBase32(Totp.base32(secret)));
    }

    @Test
    void onlySixAsciiDigitsLookLikeACode() {
        assertTrue(Totp.looksLikeCode("012345"));
        assertFalse(Totp.looksLikeCode("12345"));
        assertFalse(Totp.looksLikeCode("12345a"));
        assertFalse(Totp.looksLikeCode("１２３４５６"));
    }

    /**
     * An independent implementation agrees: oathtool (Debian package {@code oathtool}) when it is
     * installed, else the answer oathtool 2.6.7 gave for the same input when this test was written.
     */
    @Test
    void agreesWithOathtool() throws IOException, InterruptedException {
        String secret = "JBSWY3DPEHPK3PXP";
        long epoch = 1_900_000_000L;
        String expected = "372834";
        if (Files.isExecutable(Path.of("/usr/bin/oathtool"))) {
            Process process = new ProcessBuilder("/usr/bin/oathtool", "--totp", "--base32", "--now", "@" + epoch, secret)
                    .redirectErrorStream(true)
                    .start();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
        assertEquals(expected, Totp.code(Totp.fromBase32(secret), Totp.step(Instant.ofEpochSecond(epoch))));
    }
}
