package dev.vigil.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import dev.vigil.auth.SecretSealer.Purpose;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The keys that sign and verify access tokens, held in memory so that no request waits for them.
 *
 * <p>When no key file is configured, keys live in the database, their private halves sealed with
 * {@code vigil.secret-key} ({@link SecretSealer}). At start-up (on the main thread, through the small
 * JDBC pool that also runs migrations, under an advisory lock so instances starting together take
 * turns) keys stored unsealed are sealed, and the first instance ever to start creates a key. Later
 * keys come from {@link SigningKeyRotation}: each instance {@link #reload() reloads} the set on a
 * schedule, and a new key signs only from its {@code activates_at}, long enough after its creation
 * that every instance and every JWKS cache knows it by then. Which key signs is decided from the
 * clock at each token, so all instances switch at the same moment without talking to each other.
 *
 * <p>Each key has its own {@link SigningAlgorithm}; new keys get {@code vigil.tokens.signing-algorithm}.
 * When that differs from the algorithm of the key that signs, a start makes a key of the configured
 * one, which takes over like a rotated key ({@link #switchAlgorithm}).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** Serialises key creation, sealing and rotation across instances. */
    static final long KEY_LOCK = 0x76696769_6c6b6579L;
    /** The clock skew the verifier allows; a retired key stays published this much longer. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The first byte of a PKCS#8 (DER) private key: how an unsealed stored key is told apart. */
    private static final byte DER_SEQUENCE = 0x30;

    private static final String SELECT_LIVE = """
            SELECT kid, algorithm, public_key, private_key, activates_at, retired_at FROM signing_keys
            WHERE retired_at IS NULL OR retired_at > $1""";

    private final DataSource dataSource;
    private final Pool pool;
    private final TokenConfig config;
    private final Clock clock;
    private final SecretSealer sealer;
    /** Every key that may verify a live token, newest activation first. */
    private volatile List<SigningKey> keys = List.of();
    private volatile boolean fromFile;
    private volatile Published published = new Published(List.of(), "{\"keys\":[]}");

    /** The JWKS document of one set of keys. */
    private record Published(List<String> kids, String json) {
    }

    public SigningKeys(DataSource dataSource, Pool pool, TokenConfig config, Clock clock, SecretSealer sealer) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.sealer = sealer;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.signingKeyFile().isPresent()) {
            fromFile = true;
            SigningKey configured = fromPemFile(Path.of(config.signingKeyFile().get()));
            if (configured.algorithm() != config.signingAlgorithm()) {
                throw new IllegalStateException("vigil.tokens.signing-key-file holds " + describe(configured.algorithm())
                        + " but " + SigningAlgorithm.CONFIG_KEY + " is " + config.signingAlgorithm()
                        + ": set it to " + configured.algorithm() + " or configure " + describe(config.signingAlgorithm()));
            }
            use(List.of(configured));
        } else {
            use(loadOrCreateStoredKeys());
        }
        SigningKey signing = current();
        LOG.infof("Signing access tokens with key %s (%s; %d key(s) published)", signing.kid(), signing.algorithm(), keys.size());
    }

    /** The key that signs new tokens now. */
    SigningKey current() {
        Instant now = clock.instant();
        List<SigningKey> all = keys;
        for (SigningKey key : all) {
            if (key.signsAt(now)) {
                return key;
            }
        }
        // None signs at this instant: this instance's clock is a little behind the one that made the
        // newest key. The key that starts signing first is the one the others use.
        return all.stream()
                .filter(key -> key.retiredAt() == null)
                .min(Comparator.comparing(SigningKey::activatesAt))
                .orElse(all.get(0));
    }

    /**
     * The key that may verify a token whose header names this {@code kid} and this {@code alg} now, or
     * null: the key must be live and of that very algorithm, so that a signature is never checked
     * under an algorithm its key was not made for (algorithm confusion).
     */
    SigningKey verifying(String kid, String alg) {
        if (kid == null) {
            return null;
        }
        for (SigningKey key : keys) {
            if (key.kid().equals(kid)) {
                return key.algorithm().jose().equals(alg) && key.liveAt(clock.instant(), lastTokenLife()) ? key : null;
            }
        }
        return null;
    }

    /** Every key held now, newest activation first. */
    List<SigningKey> all() {
        return keys;
    }

    /** True when the key comes from {@code vigil.tokens.signing-key-file}: it neither rotates nor reloads. */
    boolean fromFile() {
        return fromFile;
    }

    /** The public keys whose tokens may still be live, as a JWKS document. */
    public String jwks() {
        Instant now = clock.instant();
        List<SigningKey> live = keys.stream().filter(key -> key.liveAt(now, lastTokenLife())).toList();
        List<String> kids = live.stream().map(SigningKey::kid).toList();
        Published current = published;
        if (!current.kids().equals(kids)) {
            current = new Published(kids, toJwks(live));
            published = current;
        }
        return current.json();
    }

    /**
     * Reads the stored keys again (keys this instance has already opened are kept as they are, only
     * their times are refreshed). Runs on the event loop: one small query, and opening a new key is
     * microseconds of work.
     */
    Uni<Void> reload() {
        if (fromFile) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SELECT_LIVE)
                .execute(Tuple.of(oldestLiveRetirement(clock.instant()).atOffset(ZoneOffset.UTC)))
                .invoke(rows -> use(fromRows(rows)))
                .replaceWithVoid();
    }

    /** How long after its retirement a key may still have signed a live token. */
    Duration lastTokenLife() {
        return config.accessTtl().plus(CLOCK_SKEW);
    }

    /** What the private_key column holds for this key: sealed when there is a secret key. */
    String storedPrivateKey(SigningKey key) {
        byte[] der = key.privateKey().getEncoded();
        return Base64.getEncoder().encodeToString(sealer.sealing() ? sealer.seal(Purpose.SIGNING_KEY, key.kid(), der) : der);
    }

    static String storedPublicKey(SigningKey key) {
        return Base64.getEncoder().encodeToString(key.publicKey().getEncoded());
    }

    private void use(List<SigningKey> loaded) {
        if (loaded.isEmpty()) {
            throw new IllegalStateException("No signing key could be loaded");
        }
        List<SigningKey> sorted = new ArrayList<>(loaded);
        sorted.sort(Comparator.comparing(SigningKey::activatesAt).reversed());
        keys = List.copyOf(sorted);
    }

    private Instant oldestLiveRetirement(Instant now) {
        return now.minus(lastTokenLife());
    }

    private List<SigningKey> fromRows(RowSet<Row> rows) {
        Map<String, SigningKey> known = new HashMap<>();
        keys.forEach(key -> known.put(key.kid(), key));
        List<SigningKey> loaded = new ArrayList<>();
        for (Row row : rows) {
            String kid = row.getString("kid");
            Instant activatesAt = row.getOffsetDateTime("activates_at").toInstant();
            OffsetDateTime retired = row.getOffsetDateTime("retired_at");
            Instant retiredAt = retired == null ? null : retired.toInstant();
            SigningKey held = known.get(kid);
            try {
                loaded.add(held != null
                        ? held.living(activatesAt, retiredAt)
                        : opened(kid, row.getString("algorithm"), row.getString("public_key"), row.getString("private_key"),
                                false, activatesAt, retiredAt));
            } catch (IllegalStateException e) {
                LOG.errorf("Signing key %s is not used: %s", kid, e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Opens the live keys first, so that a wrong or missing secret key stops the start before anything
     * is written; then seals what is stored unsealed, makes the first key when there is none, and
     * starts the switch to the configured algorithm when the newest key has another one.
     */
    private List<SigningKey> loadOrCreateStoredKeys() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, KEY_LOCK);
                    lock.execute();
                }
                Instant now = clock.instant();
                List<SigningKey> live = readLiveKeys(connection, now);
                sealStoredKeys(connection);
                SigningAlgorithm wanted = config.signingAlgorithm();
                SigningKey newest = live.stream()
                        .filter(k -> k.retiredAt() == null)
                        .max(Comparator.comparing(SigningKey::activatesAt))
                        .orElse(null);
                if (newest == null) {
                    SigningKey created = generate(wanted, now, null);
                    insert(connection, created, now);
                    live.add(created);
                    LOG.infof("No signing key was configured or stored: generated a new %s key", wanted);
                } else if (newest.algorithm() != wanted) {
                    live = switchAlgorithm(connection, live, newest, wanted, now);
                }
                connection.commit();
                return live;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the token signing keys", e);
        }
    }

    /**
     * Seals every private key stored unsealed (when there is a secret key); refuses to go on when the
     * keys are sealed and there is none. Each update replaces only the value it read.
     */
    private void sealStoredKeys(Connection connection) throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT kid, private_key FROM signing_keys");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        }
        int sealed = 0;
        for (Map.Entry<String, String> row : stored.entrySet()) {
            byte[] bytes = decodeBase64(row.getKey(), row.getValue());
            boolean plain = bytes.length > 0 && bytes[0] == DER_SEQUENCE;
            if (!plain && !sealer.sealing()) {
                throw new IllegalStateException("The stored signing keys are sealed: set vigil.secret-key to the key"
                        + " they were sealed with");
            }
            if (plain && sealer.sealing()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE signing_keys SET private_key = ? WHERE kid = ? AND private_key = ?")) {
                    update.setString(1, Base64.getEncoder().encodeToString(sealer.seal(Purpose.SIGNING_KEY, row.getKey(), bytes)));
                    update.setString(2, row.getKey());
                    update.setString(3, row.getValue());
                    sealed += update.executeUpdate();
                }
            }
        }
        if (sealed > 0) {
            LOG.infof("Sealed %d signing key(s) that were stored unsealed", sealed);
        }
    }

    /**
     * The newest stored key has another algorithm than {@code vigil.tokens.signing-algorithm} (the
     * setting was changed): makes a key of the configured algorithm that signs from
     * {@code signing-key-publish-ahead} later, and retires the keys that sign now at that instant,
     * exactly as a rotation does. Returns the live keys with that change.
     *
     * <p>Why at start, and not at once or at the next scheduled rotation: several instances may run,
     * and the others (and every JWKS cache outside) learn of a new key only when they reload (every
     * {@code signing-key-check-every}; caches keep the JWKS up to 5 minutes). A key that signed at once
     * would have its tokens refused by instances that have not reloaded yet. Waiting the publication
     * delay makes every instance switch at the same instant with the key already known everywhere,
     * while the old key keeps signing until then and is accepted until its last token expires: nobody
     * is logged out. The start is the one moment the setting can have changed, and it runs under the
     * start-up lock, so instances that start together with the new setting make one key (the later
     * ones find it newest and of their algorithm). The periodic check keeps deciding by age alone, so
     * it cannot flip-flop between algorithms while a rolling restart has instances with the old and
     * the new setting side by side. Waiting for the next scheduled rotation instead would leave the
     * setting without effect for up to {@code signing-key-rotate-every} (90 days).
     *
     * <p>When the newest key is itself still waiting to sign (a rotation, or another instance with the
     * other setting, made it moments ago), the new key signs from that key's start at the earliest
     * and retires it then, so the chain stays one key at a time and every key in it was published
     * before it could sign.
     */
    private List<SigningKey> switchAlgorithm(Connection connection, List<SigningKey> live, SigningKey newest,
            SigningAlgorithm wanted, Instant now) throws SQLException {
        Instant signsFrom = now.plus(config.signingKeyPublishAhead());
        if (newest.activatesAt().isAfter(now)) {
            LOG.warnf("Signing key %s (%s) was waiting to sign from %s; %s is %s, so it is replaced. If another instance"
                    + " made it, the instances have different settings", newest.kid(), newest.algorithm(), newest.activatesAt(),
                    SigningAlgorithm.CONFIG_KEY, wanted);
            if (newest.activatesAt().isAfter(signsFrom)) {
                signsFrom = newest.activatesAt();
            }
        }
        SigningKey created = generate(wanted, signsFrom, null);
        insert(connection, created, now);
        try (PreparedStatement retire = connection.prepareStatement(
                "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL AND kid <> ?")) {
            retire.setTimestamp(1, Timestamp.from(signsFrom));
            retire.setString(2, created.kid());
            retire.executeUpdate();
        }
        List<SigningKey> switched = new ArrayList<>();
        for (SigningKey key : live) {
            switched.add(key.retiredAt() == null ? key.living(key.activatesAt(), signsFrom) : key);
        }
        switched.add(created);
        LOG.infof("%s is %s and signing key %s is %s: new %s key %s is published now and signs from %s; %s signs until"
                + " then and is accepted until its last token has expired", SigningAlgorithm.CONFIG_KEY, wanted, newest.kid(),
                newest.algorithm(), wanted, created.kid(), signsFrom, newest.kid());
        return switched;
    }

    private List<SigningKey> readLiveKeys(Connection connection, Instant now) throws SQLException {
        List<SigningKey> live = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_LIVE.replace("$1", "?"))) {
            select.setTimestamp(1, Timestamp.from(oldestLiveRetirement(now)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp retired = rows.getTimestamp(6);
                    live.add(opened(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), true,
                            rows.getTimestamp(5).toInstant(), retired == null ? null : retired.toInstant()));
                }
            }
        }
        return live;
    }

    private void insert(Connection connection, SigningKey key, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at, activates_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, key.kid());
            insert.setString(2, key.algorithm().name());
            insert.setString(3, storedPublicKey(key));
            insert.setString(4, storedPrivateKey(key));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(key.activatesAt()));
            insert.executeUpdate();
        }
    }

    /** A stored key, read with the algorithm its row names. */
    private SigningKey opened(String kid, String storedAlgorithm, String publicKey, String privateKey, boolean startUp,
            Instant activatesAt, Instant retiredAt) {
        SigningAlgorithm algorithm = SigningAlgorithm.ofStored(storedAlgorithm);
        return new SigningKey(kid, algorithm, decodePublic(algorithm, publicKey), openPrivate(algorithm, kid, privateKey, startUp),
                activatesAt, retiredAt);
    }

    /**
     * The private key behind a stored value. With a secret key only sealed values are accepted, except
     * at start-up, which has just sealed whatever was not ({@code startUp}).
     */
    private PrivateKey openPrivate(SigningAlgorithm algorithm, String kid, String stored, boolean startUp) {
        byte[] bytes = decodeBase64(kid, stored);
        if (SecretSealer.looksSealed(bytes)) {
            return decodePrivate(algorithm, sealer.open(Purpose.SIGNING_KEY, kid, bytes));
        }
        if (sealer.sealing() && !startUp) {
            throw new IllegalStateException("it is stored unsealed although vigil.secret-key is set");
        }
        return decodePrivate(algorithm, bytes);
    }

    private static byte[] decodeBase64(String kid, String stored) {
        try {
            return Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The stored private key of signing key " + kid + " is not base64");
        }
    }

    private static String toJwks(List<SigningKey> keys) {
        try {
            List<JsonWebKey> published = new ArrayList<>();
            for (SigningKey key : keys) {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(key.publicKey());
                jwk.setKeyId(key.kid());
                jwk.setAlgorithm(key.algorithm().jose());
                jwk.setUse("sig");
                published.add(jwk);
            }
            return new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("Could not publish the signing keys", e);
        }
    }

    /** A new key of {@code algorithm} that signs from {@code activatesAt}. */
    static SigningKey generate(SigningAlgorithm algorithm, Instant activatesAt, Instant retiredAt) {
        try {
            KeyPair pair = algorithm.generate();
            return new SigningKey(algorithm.thumbprint(pair.getPublic()), algorithm, pair.getPublic(), pair.getPrivate(),
                    activatesAt, retiredAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate " + describe(algorithm), e);
        }
    }

    /**
     * Reads a PKCS#8 PEM private key, EC P-256 (ES256) or Ed25519 (EdDSA), and derives its public key
     * (Q = d·G on P-256; Ed25519's from its seed).
     */
    static SigningKey fromPemFile(Path file) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pemBody(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read vigil.tokens.signing-key-file", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("vigil.tokens.signing-key-file is not valid PEM", e);
        }
        try {
            PrivateKey privateKey = readEither(der);
            PublicKey publicKey;
            SigningAlgorithm algorithm;
            if (privateKey instanceof ECPrivateKey ec) {
                ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
                if (ec.getParams().getCurve().getField().getFieldSize() != 256
                        || !ec.getParams().getOrder().equals(curve.getN())) {
                    throw new IllegalArgumentException("not a P-256 key");
                }
                org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                publicKey = SigningAlgorithm.ES256.keyFactory().generatePublic(new ECPublicKeySpec(w, ec.getParams()));
                algorithm = SigningAlgorithm.ES256;
            } else {
                // From the key's bytes, not through a provider's key class: whichever provider object
                // read the key, its public half is the seed's.
                Ed25519PrivateKeyParameters seed = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(der);
                publicKey = SigningAlgorithm.EdDSA.decodePublic(
                        SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(seed.generatePublicKey()).getEncoded());
                algorithm = SigningAlgorithm.EdDSA;
            }
            return new SigningKey(algorithm.thumbprint(publicKey), algorithm, publicKey, privateKey, Instant.EPOCH, null);
        } catch (GeneralSecurityException | IOException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("vigil.tokens.signing-key-file must hold a PKCS#8 EC P-256 or Ed25519 private key", e);
        }
    }

    /** A PKCS#8 private key of either algorithm (an Ed448 key fails as not being Ed25519). */
    private static PrivateKey readEither(byte[] der) throws GeneralSecurityException {
        try {
            return SigningAlgorithm.ES256.decodePrivate(der);
        } catch (GeneralSecurityException notEc) {
            PrivateKey key = SigningAlgorithm.EdDSA.decodePrivate(der);
            if (!"Ed25519".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("not an Ed25519 key");
            }
            return key;
        }
    }

    private static String describe(SigningAlgorithm algorithm) {
        return algorithm == SigningAlgorithm.ES256 ? "an EC P-256 key (ES256)" : "an Ed25519 key (EdDSA)";
    }

    /** The base64 between the PKCS#8 markers; text around them (tool headers, comments) is ignored. */
    private static String pemBody(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalStateException("vigil.tokens.signing-key-file must be a PEM 'PRIVATE KEY' (PKCS#8)");
        }
        return pem.substring(start + begin.length(), end).replaceAll("\\s", "");
    }

    private static PublicKey decodePublic(SigningAlgorithm algorithm, String base64) {
        try {
            return algorithm.decodePublic(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored public key is unreadable", e);
        }
    }

    private static PrivateKey decodePrivate(SigningAlgorithm algorithm, byte[] der) {
        try {
            return algorithm.decodePrivate(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A private key is unreadable", e);
        }
    }
}
