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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

import io.quarkus.runtime.StartupEvent;

/**
 * The keys that sign and verify access tokens. Loaded once at start-up (on the main thread, through
 * the small JDBC pool that also runs migrations), so that no request ever waits for them. When no
 * key file is configured, the first instance to start generates a key under an advisory lock and
 * stores it; every other instance then loads the same key.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long KEY_CREATION_LOCK = 0x76696769_6c6b6579L;

    private final DataSource dataSource;
    private final TokenConfig config;
    private final Clock clock;
    private volatile SigningKey current;
    private volatile Map<String, SigningKey> byKid = Map.of();
    private volatile String jwks = "{\"keys\":[]}";

    public SigningKeys(DataSource dataSource, TokenConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        List<SigningKey> keys = config.signingKeyFile()
                .map(file -> List.of(fromPemFile(Path.of(file))))
                .orElseGet(this::loadOrCreateStoredKeys);
        use(keys);
    }

    /** The key that signs new tokens. */
    SigningKey current() {
        return current;
    }

    /** A key that may verify a token with this {@code kid}, or null. */
    SigningKey forKid(String kid) {
        return kid == null ? null : byKid.get(kid);
    }

    /** The public keys as a JWKS document. */
    public String jwks() {
        return jwks;
    }

    private void use(List<SigningKey> keys) {
        current = keys.stream().filter(k -> k.retiredAt() == null).findFirst().orElseThrow();
        byKid = keys.stream().collect(Collectors.toUnmodifiableMap(SigningKey::kid, Function.identity()));
        try {
            List<JsonWebKey> published = new ArrayList<>();
            for (SigningKey key : keys) {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(key.publicKey());
                jwk.setKeyId(key.kid());
                jwk.setAlgorithm(SigningKey.ALGORITHM);
                jwk.setUse("sig");
                published.add(jwk);
            }
            jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("Could not publish the signing keys", e);
        }
        LOG.infof("Signing access tokens with key %s (%d key(s) published)", current.kid(), keys.size());
    }

    /** Keys still in use: the active one plus retired ones whose tokens may not have expired yet. */
    private List<SigningKey> loadOrCreateStoredKeys() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, KEY_CREATION_LOCK);
                lock.execute();
            }
            List<SigningKey> keys = readKeys(connection);
            if (keys.stream().noneMatch(k -> k.retiredAt() == null)) {
                SigningKey created = generate();
                insert(connection, created);
                keys.add(0, created);
                LOG.info("No signing key was configured or stored: generated a new one");
            }
            connection.commit();
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the token signing keys", e);
        }
    }

    private List<SigningKey> readKeys(Connection connection) throws SQLException {
        Instant oldestLive = clock.instant().minus(config.accessTtl());
        List<SigningKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT kid, public_key, private_key, retired_at FROM signing_keys
                WHERE retired_at IS NULL OR retired_at > ?
                ORDER BY retired_at NULLS FIRST, created_at DESC""")) {
            select.setTimestamp(1, Timestamp.from(oldestLive));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp retired = rows.getTimestamp(4);
                    keys.add(new SigningKey(rows.getString(1), decodePublic(rows.getString(2)),
                            decodePrivate(rows.getString(3)), retired == null ? null : retired.toInstant()));
                }
            }
        }
        return keys;
    }

    private void insert(Connection connection, SigningKey key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            insert.setString(1, key.kid());
            insert.setString(2, SigningKey.ALGORITHM);
            insert.setString(3, Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
            insert.setString(4, Base64.getEncoder().encodeToString(key.privateKey().getEncoded()));
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }

    static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(thumbprint(pair.getPublic()), pair.getPublic(), pair.getPrivate(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate an EC P-256 key", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public key (Q = d·G on P-256). */
    static SigningKey fromPemFile(Path file) {
        try {
            String body = pemBody(Files.readString(file));
            ECPrivateKey privateKey = (ECPrivateKey) decodePrivate(body);
            ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(privateKey.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, privateKey.getParams()));
            return new SigningKey(thumbprint(publicKey), publicKey, privateKey, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read vigil.tokens.signing-key-file", e);
        } catch (GeneralSecurityException | ClassCastException e) {
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
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored public key is unreadable", e);
        }
    }

    private static PrivateKey decodePrivate(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A private key is unreadable", e);
        }
    }
}
