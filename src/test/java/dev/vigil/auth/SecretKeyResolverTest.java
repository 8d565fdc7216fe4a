package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.auth.SecretKeyResolver.Resolved;
import dev.vigil.support.LogCapture;

/** Where vigil.secret-key comes from: configuration, a file generated beside the embedded data, or nowhere. */
class SecretKeyResolverTest {

    private final Logger logger = Logger.getLogger(SecretKeyResolver.class.getName());
    private final LogCapture capture = new LogCapture();

    @TempDir
    Path work;

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    @Test
    void theConfiguredKeyWinsAndNoFileIsWritten() {
        String key = randomKey();

        Resolved resolved = SecretKeyResolver.resolve(Optional.of(key), Optional.empty(), true,
                Optional.of(work.resolve("postgres")));

        assertArrayEquals(Base64.getDecoder().decode(key), resolved.key().orElseThrow());
        assertFalse(Files.exists(work.resolve(SecretKeyResolver.KEY_FILE)));
    }

    @Test
    void theOldNameStillWorksAndTheSameKeyUnderBothNamesIsFine() {
        String key = randomKey();

        assertArrayEquals(Base64.getDecoder().decode(key),
                SecretKeyResolver.resolve(Optional.empty(), Optional.of(key), false, Optional.empty()).key().orElseThrow());
        assertArrayEquals(Base64.getDecoder().decode(key),
                SecretKeyResolver.resolve(Optional.of(key), Optional.of(key), false, Optional.empty()).key().orElseThrow());
    }

    @Test
    void twoDifferentKeysUnderBothNamesStopTheStart() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SecretKeyResolver.resolve(Optional.of(randomKey()), Optional.of(randomKey()), false, Optional.empty()));

        assertTrue(failure.getMessage().contains("set only vigil.secret-key"), failure.getMessage());
    }

    @Test
    void aKeyThatIsNot256BitsOfBase64StopsTheStart() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThrows(IllegalStateException.class,
                () -> SecretKeyResolver.resolve(Optional.of(sixteenBytes), Optional.empty(), false, Optional.empty()));
        assertThrows(IllegalStateException.class,
                () -> SecretKeyResolver.resolve(Optional.of("not base64 at all!"), Optional.empty(), false, Optional.empty()));
        assertThrows(IllegalStateException.class,
                () -> SecretKeyResolver.resolve(Optional.empty(), Optional.of(sixteenBytes), false, Optional.empty()));
    }

    @Test
    void theEmbeddedDatabaseGetsAKeyFileBesideItsDataOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        Path dataDir = work.resolve("postgres");

        byte[] first = SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.of(dataDir)).key().orElseThrow();
        byte[] second = SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.of(dataDir)).key().orElseThrow();

        Path file = work.resolve(SecretKeyResolver.KEY_FILE);
        assertEquals(32, first.length);
        assertArrayEquals(first, second);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, Base64.getDecoder().decode(Files.readString(file).strip()));
        assertFalse(Files.exists(dataDir.resolve(SecretKeyResolver.KEY_FILE)), "not inside the database's own directory");
    }

    @Test
    void aKeyFileOthersCouldReadIsMadeOwnerOnly() throws Exception {
        Path file = work.resolve(SecretKeyResolver.KEY_FILE);
        String key = randomKey();
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        byte[] read = SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.of(work.resolve("postgres")))
                .key().orElseThrow();

        assertArrayEquals(Base64.getDecoder().decode(key), read);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aDamagedKeyFileStopsTheStartNamingTheFile() throws Exception {
        Path file = work.resolve(SecretKeyResolver.KEY_FILE);
        Files.writeString(file, "too short\n");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.of(work.resolve("postgres"))));

        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    }

    @Test
    void temporaryEmbeddedDataGetsOneKeyForTheWholeJvm() {
        byte[] first = SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.empty()).key().orElseThrow();
        byte[] second = SecretKeyResolver.resolve(Optional.empty(), Optional.empty(), true, Optional.empty()).key().orElseThrow();

        assertEquals(32, first.length);
        assertArrayEquals(first, second);
    }

    @Test
    void anExternalDatabaseWithoutAKeyStartsUnsealedWithALoudWarning() {
        Resolved resolved = SecretKeyResolver.resolve(Optional.empty(), Optional.of(" "), false, Optional.of(work.resolve("postgres")));

        assertTrue(resolved.key().isEmpty());
        assertFalse(Files.exists(work.resolve(SecretKeyResolver.KEY_FILE)), "no file is generated for an external database");
        List<LogRecord> warnings = capture.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        String warning = warnings.get(0).getMessage();
        assertTrue(warning.contains("UNENCRYPTED") && warning.contains("sign access tokens")
                && warning.contains("VIGIL_SECRET_KEY") && warning.contains("openssl rand -base64 32"), warning);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
