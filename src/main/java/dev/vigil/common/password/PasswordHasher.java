package dev.vigil.common.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.crypto.RuntimeCryptoException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

/**
 * Makes and checks password hashes: Argon2id in PHC string form for everything new, bcrypt
 * ({@code $2a$}, {@code $2b$}, {@code $2y$}) accepted for imported users.
 *
 * <p>Every hash computation runs on the dedicated {@value #POOL_NAME} worker pool, never on an
 * event loop nor on the default worker pool (where it would starve blocking request handlers). The
 * returned {@link Uni} completes on the caller's Vert.x context, so a Hibernate Reactive session
 * bound to that (duplicated) context can be used right after it.
 *
 * <p>Passwords are NFC-normalized and otherwise used exactly as given (UTF-8), and neither a
 * password nor a hash is ever logged.
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    /** Name (and thread-name prefix) of the hashing pool. */
    public static final String POOL_NAME = "vigil-password-hash";

    static final int SALT_BYTES = 16;
    static final int TAG_BYTES = 32;

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final WorkerExecutor pool;
    private final SecureRandom random = new SecureRandom();
    private final Argon2idHash dummy;
    private final LongAdder argon2Runs = new LongAdder();
    private volatile String lastArgon2Thread;

    public PasswordHasher(PasswordConfig config, Vertx vertx) {
        PasswordConfig.Argon2 argon2 = config.argon2();
        this.memoryKib = argon2.memoryKib();
        this.iterations = argon2.iterations();
        this.parallelism = argon2.parallelism();
        if (memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("vigil.password.argon2.memory-kib must be at least 8 x parallelism");
        }
        int poolSize = config.hashPoolSize().orElseGet(() -> Runtime.getRuntime().availableProcessors());
        this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, poolSize);
        // Stands in for the stored hash of a user who does not exist, so that an unknown login costs
        // one Argon2id run with the configured parameters, exactly like a known one. Its tag is
        // random rather than derived: no password maps to it (odds 2^-256), and startup does not
        // pay for an Argon2id run.
        this.dummy = new Argon2idHash(memoryKib, iterations, parallelism, randomBytes(SALT_BYTES),
                randomBytes(TAG_BYTES));
    }

    /**
     * Hashes a new password with the configured Argon2id parameters and a fresh 16-byte salt.
     *
     * @return a PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}
     */
    public Uni<String> hash(String password) {
        Objects.requireNonNull(password, "password");
        return onHashPool(() -> newHash(password));
    }

    /**
     * Checks a password against a stored hash, recomputing with the parameters stored in it.
     *
     * @param storedHashOrNull the user's stored hash, or {@code null} when no such user exists; the
     *                         check then costs as much as a real one and never matches
     */
    public Uni<PasswordCheck> verify(String password, String storedHashOrNull) {
        Objects.requireNonNull(password, "password");
        return onHashPool(() -> check(password, storedHashOrNull));
    }

    /**
     * Runs {@code work} on the hashing pool and delivers its result on the caller's context.
     * Unordered on purpose: ordered tasks are queued per event loop, so all logins arriving on one
     * event loop would hash one after another however many pool threads were free.
     */
    <T> Uni<T> onHashPool(Supplier<T> work) {
        return pool.executeBlocking(Uni.createFrom().item(work), false);
    }

    /** How many Argon2id computations this hasher has run (lets tests see that the dummy path does real work). */
    long argon2Runs() {
        return argon2Runs.sum();
    }

    /** Name of the thread that ran the latest Argon2id computation, or {@code null} before the first. */
    String lastArgon2Thread() {
        return lastArgon2Thread;
    }

    /** The stand-in hash verified for unknown users. */
    String dummyHash() {
        return dummy.encode();
    }

    @PreDestroy
    void close() {
        pool.closeAndForget();
    }

    private String newHash(String password) {
        byte[] secret = utf8Nfc(password);
        try {
            byte[] salt = randomBytes(SALT_BYTES);
            byte[] tag = derive(secret, salt);
            return new Argon2idHash(memoryKib, iterations, parallelism, salt, tag).encode();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private PasswordCheck check(String password, String stored) {
        byte[] secret = utf8Nfc(password);
        try {
            if (stored == null) {
                matches(dummy, secret);
                return PasswordCheck.NO_MATCH;
            }
            if (isBcrypt(stored)) {
                return checkBcrypt(secret, stored);
            }
            Optional<Argon2idHash> parsed = Argon2idHash.parse(stored);
            if (parsed.isEmpty()) {
                LOG.warn("A stored password hash is in no supported format; treating the password as wrong");
                matches(dummy, secret);
                return PasswordCheck.NO_MATCH;
            }
            Argon2idHash hash = parsed.get();
            if (!matches(hash, secret)) {
                return PasswordCheck.NO_MATCH;
            }
            return new PasswordCheck(true, !isCurrent(hash));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private PasswordCheck checkBcrypt(byte[] secret, String stored) {
        boolean matches;
        try {
            matches = OpenBSDBCrypt.checkPassword(stored, secret);
        } catch (IllegalArgumentException | RuntimeCryptoException e) {
            LOG.warn("A stored bcrypt password hash is malformed; treating the password as wrong");
            return PasswordCheck.NO_MATCH;
        }
        return matches ? new PasswordCheck(true, true) : PasswordCheck.NO_MATCH;
    }

    /** Same cost parameters as configured, and the salt and tag sizes this class writes. */
    private boolean isCurrent(Argon2idHash hash) {
        return hash.memoryKib() == memoryKib
                && hash.iterations() == iterations
                && hash.parallelism() == parallelism
                && hash.saltLength() == SALT_BYTES
                && hash.tagLength() == TAG_BYTES;
    }

    private byte[] derive(byte[] secret, byte[] salt) {
        countRun();
        return Argon2idHash.derive(secret, salt, memoryKib, iterations, parallelism, TAG_BYTES);
    }

    private boolean matches(Argon2idHash hash, byte[] secret) {
        countRun();
        return hash.matches(secret);
    }

    private void countRun() {
        argon2Runs.increment();
        lastArgon2Thread = Thread.currentThread().getName();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static boolean isBcrypt(String stored) {
        return stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$");
    }

    private static byte[] utf8Nfc(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
    }
}
