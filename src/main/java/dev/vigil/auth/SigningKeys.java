package dev.vigil.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
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

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
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
            SELECT kid, public_key, private_key, activates_at, retired_at FROM signing_keys
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
            use(List.of(fromPemFile(Path.of(config.signingKeyFile().get()))));
        } else {
            use(loadOrCreateStoredKeys());
        }
        LOG.infof("Signing access tokens with key %s (%d key(s) published)", current().kid(), keys.size());
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

    /** A key that may verify a token with this {@code kid} now, or null. */
    SigningKey forKid(String kid) {
        if (kid == null) {
            return null;
        }
        for (SigningKey key : keys) {
            if (key.kid().equals(kid)) {
                return key.liveAt(clock.instant(), lastTokenLife()) ? key : null;
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
                        ? new SigningKey(kid, held.publicKey(), held.privateKey(), activatesAt, retiredAt)
                        : new SigningKey(kid, decodePublic(row.getString("public_key")),
                                openPrivate(kid, row.getString("private_key"), false), activatesAt, retiredAt));
            } catch (IllegalStateException e) {
                LOG.errorf("Signing key %s is not used: %s", kid, e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Opens the live keys first, so that a wrong or missing secret key stops the start before anything
     * is written; then seals what is stored unsealed, and makes the first key when there is none.
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
                if (live.stream().noneMatch(k -> k.retiredAt() == null)) {
                    SigningKey created = generate(now, null);
                    insert(connection, created, now);
                    live.add(created);
                    LOG.info("No signing key was configured or stored: generated a new one");
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

    private List<SigningKey> readLiveKeys(Connection connection, Instant now) throws SQLException {
        List<SigningKey> live = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_LIVE.replace("$1", "?"))) {
            select.setTimestamp(1, Timestamp.from(oldestLiveRetirement(now)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String kid = rows.getString(1);
                    Timestamp retired = rows.getTimestamp(5);
                    live.add(new SigningKey(kid, decodePublic(rows.getString(2)), openPrivate(kid, rows.getString(3), true),
                            rows.getTimestamp(4).toInstant(), retired == null ? null : retired.toInstant()));
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
            insert.setString(2, SigningKey.ALGORITHM);
            insert.setString(3, storedPublicKey(key));
            insert.setString(4, storedPrivateKey(key));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(key.activatesAt()));
            insert.executeUpdate();
        }
    }

    /**
     * The private key behind a stored value. With a secret key only sealed values are accepted, except
     * at start-up, which has just sealed whatever was not ({@code startUp}).
     */
    private PrivateKey openPrivate(String kid, String stored, boolean startUp) {
        byte[] bytes = decodeBase64(kid, stored);
        if (SecretSealer.looksSealed(bytes)) {
            return decodePrivate(sealer.open(Purpose.SIGNING_KEY, kid, bytes));
        }
        if (sealer.sealing() && !startUp) {
            throw new IllegalStateException("it is stored unsealed although vigil.secret-key is set");
        }
        return decodePrivate(bytes);
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
                jwk.setAlgorithm(SigningKey.ALGORITHM);
                jwk.setUse("sig");
                published.add(jwk);
            }
            return new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("Could not publish the signing keys", e);
        }
    }

    /** A new P-256 key that signs from {@code activatesAt}. */
    static SigningKey generate(Instant activatesAt, Instant retiredAt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(thumbprint(pair.getPublic()), pair.getPublic(), pair.getPrivate(), activatesAt, retiredAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate an EC P-256 key", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public key (Q = d·G on P-256). */
    static SigningKey fromPemFile(Path file) {
        try {
            String body = pemBody(Files.readString(file));
            ECPrivateKey privateKey = (ECPrivateKey) decodePrivate(Base64.getDecoder().decode(body));
            ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(privateKey.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, privateKey.getParams()));
            return new SigningKey(thumbprint(publicKey), publicKey, privateKey, Instant.EPOCH, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read vigil.tokens.signing-key-file", e);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("vigil.tokens.signing-key-file must hold a PKCS#8 EC P-256 private key", e);
        }
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

    /** RFC 7638 thumbprint: the key id changes exactly when the key does. */
    private static String thumbprint(PublicKey key) {
        return new EllipticCurveJsonWebKey((java.security.interfaces.ECPublicKey) key)
                .calculateBase64urlEncodedThumbprint("SHA-256");
    }

    private static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored public key is unreadable", e);
        }
    }

    private static PrivateKey decodePrivate(byte[] der) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A private key is unreadable", e);
        }
    }
}
