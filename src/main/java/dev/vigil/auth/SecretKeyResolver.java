package dev.vigil.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Where {@code vigil.secret-key} comes from, in this order:
 * <ol>
 * <li>{@code vigil.secret-key}, or its old name {@code vigil.mfa.secret-key} (both set with
 * different values stops the start);</li>
 * <li>with the embedded PostgreSQL and a data directory: the file {@value #KEY_FILE} beside that
 * directory, generated (owner read/write only) at the first start and read at every later one. It
 * sits beside the database's directory, not in it, so that a copy of the database directory does not
 * carry the key that opens its secrets;</li>
 * <li>with the embedded PostgreSQL and temporary data (no data directory): a key for this JVM, which
 * outlives Quarkus restarts inside it (dev mode, tests) like the temporary database does;</li>
 * <li>an external database and no key: none. Secrets are then stored unsealed, and a loud warning
 * says what that risks and how to set a key.</li>
 * </ol>
 */
final class SecretKeyResolver {

    static final String KEY_FILE = "vigil-secret-key";
    /** Holds the key of temporary embedded data for the JVM's lifetime (every class loader sees it). */
    static final String TEMPORARY_KEY_PROPERTY = "dev.vigil.temporary-secret-key";

    static final String NO_KEY_WARNING = "vigil.secret-key is not set: token signing keys and TOTP secrets are stored"
            + " UNENCRYPTED in the database. Anyone who gets a copy of it (a backup, a replica, a dump, read access)"
            + " can sign access tokens for any user, superusers included, and generate every user's TOTP codes."
            + " Set vigil.secret-key (environment VIGIL_SECRET_KEY) to the base64 of 32 random bytes, e.g. the output"
            + " of 'openssl rand -base64 32', kept apart from the database; the next start encrypts what is stored.";

    private static final Logger LOG = Logger.getLogger(SecretKeyResolver.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key (32 bytes), or none, and where it came from (for the log; never the key itself). */
    record Resolved(Optional<byte[]> key, String origin) {
    }

    private SecretKeyResolver() {
    }

    static Resolved resolve(Optional<String> secretKey, Optional<String> mfaSecretKey, boolean embedded,
            Optional<Path> dataDir) {
        Optional<String> configured = secretKey.filter(value -> !value.isBlank()).map(String::strip);
        Optional<String> oldName = mfaSecretKey.filter(value -> !value.isBlank()).map(String::strip);
        if (configured.isPresent() && oldName.isPresent() && !configured.get().equals(oldName.get())) {
            throw new IllegalStateException("vigil.mfa.secret-key is the old name of vigil.secret-key, and the two hold"
                    + " different keys: set only vigil.secret-key");
        }
        if (configured.isPresent()) {
            return found(parse(configured.get(), "vigil.secret-key"), "vigil.secret-key");
        }
        if (oldName.isPresent()) {
            return found(parse(oldName.get(), "vigil.mfa.secret-key"), "vigil.mfa.secret-key (the old name of vigil.secret-key)");
        }
        if (embedded && dataDir.isPresent()) {
            Path file = dataDir.get().toAbsolutePath().resolveSibling(KEY_FILE);
            return found(fromFile(file), "the generated key in " + file);
        }
        if (embedded) {
            return found(temporaryKey(), "a key generated for this run's temporary database");
        }
        LOG.warn(NO_KEY_WARNING);
        return new Resolved(Optional.empty(), "none");
    }

    private static Resolved found(byte[] key, String origin) {
        LOG.infof("Signing keys and TOTP secrets are sealed at rest with %s", origin);
        return new Resolved(Optional.of(key), origin);
    }

    static byte[] parse(String base64, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64 (of 32 random bytes, e.g. 'openssl rand -base64 32')");
        }
        if (bytes.length != SecretSealer.KEY_BYTES) {
            throw new IllegalStateException(name + " must be 32 bytes (base64 of 256 random bits, e.g. 'openssl rand -base64 32'),"
                    + " not " + bytes.length);
        }
        return bytes;
    }

    /** Reads the key file, or creates it (owner read/write only) with a new key when there is none. */
    static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = newKey();
                if (create(file, key)) {
                    LOG.infof("Generated a secret key into %s (owner read/write only). Back it up apart from the"
                            + " database: without it, the stored signing keys and TOTP secrets cannot be read", file);
                    return key;
                }
            }
            ownerOnly(file);
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "The secret key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the secret key file " + file, e);
        }
    }

    /** False when another process created the file first. */
    private static boolean create(Path file, byte[] key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        ownerOnly(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        return true;
    }

    /** Takes group and other permissions away (where the file system has POSIX permissions). */
    private static void ownerOnly(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            LOG.warnf("%s: this file system has no POSIX permissions; make sure only Vigil's user can read it", file);
        }
    }

    private static byte[] temporaryKey() {
        synchronized (System.class) {
            String kept = System.getProperty(TEMPORARY_KEY_PROPERTY);
            if (kept != null) {
                return Base64.getDecoder().decode(kept);
            }
            byte[] key = newKey();
            System.setProperty(TEMPORARY_KEY_PROPERTY, Base64.getEncoder().encodeToString(key));
            return key;
        }
    }

    private static byte[] newKey() {
        byte[] key = new byte[SecretSealer.KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }
}
