package dev.vigil.auth;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.vigil.auth.SecretSealer.Purpose;
import io.quarkus.runtime.StartupEvent;

/**
 * TOTP secrets at rest: sealed with {@code vigil.secret-key} by {@link SecretSealer}, bound to their
 * user (a sealed secret copied onto another user's row does not open). Without a key they are stored
 * as they are, and a plain secret (exactly {@link Totp#SECRET_BYTES} long) always reads.
 *
 * <p>At start-up, with a key, every plain secret and every one in the earlier sealed form (written
 * under {@code vigil.mfa.secret-key}) is sealed anew, so that the database never keeps one in the
 * clear once a key is set. Instances that start together take turns (an advisory lock), and each
 * update only replaces the value it read, so running it twice changes nothing.
 */
@ApplicationScoped
class TotpSecretSealer {

    private static final Logger LOG = Logger.getLogger(TotpSecretSealer.class);
    private static final long RESEAL_LOCK = 0x76696769_6c746f74L;
    private static final byte LEGACY_FORMAT = 1;
    private static final int LEGACY_NONCE_BYTES = 12;
    private static final int BATCH = 500;

    private final SecretSealer sealer;
    private final DataSource dataSource;

    TotpSecretSealer(SecretSealer sealer, DataSource dataSource) {
        this.sealer = sealer;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int resealed;
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, RESEAL_LOCK);
                    lock.execute();
                }
                checkSealedOnesOpen(connection);
                resealed = sealer.sealing() ? resealAll(connection) : 0;
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            if (resealed > 0) {
                LOG.infof("Sealed %d TOTP secret(s) that were stored unsealed or in the earlier form", resealed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the stored TOTP secrets", e);
        }
    }

    /** What to store for {@code secret}: sealed with the key, or the secret itself without one. */
    byte[] seal(UUID userId, byte[] secret) {
        return sealer.sealing() ? sealer.seal(Purpose.TOTP_SECRET, userId.toString(), secret) : secret.clone();
    }

    /** The secret behind what was stored. */
    byte[] open(UUID userId, byte[] stored) {
        if (stored.length == Totp.SECRET_BYTES) {
            return stored.clone();
        }
        if (SecretSealer.looksSealed(stored)) {
            return sealer.open(Purpose.TOTP_SECRET, userId.toString(), stored);
        }
        if (stored.length > 1 + LEGACY_NONCE_BYTES && stored[0] == LEGACY_FORMAT) {
            byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + LEGACY_NONCE_BYTES);
            byte[] sealed = Arrays.copyOfRange(stored, 1 + LEGACY_NONCE_BYTES, stored.length);
            byte[] user = ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits())
                    .putLong(userId.getLeastSignificantBits()).array();
            return sealer.openLegacy(Purpose.TOTP_SECRET, userId.toString(), nonce, sealed, user);
        }
        throw new IllegalStateException("The stored TOTP secret of " + userId + " has an unknown form");
    }

    /** Whether start-up must seal this stored value anew. */
    boolean needsResealing(byte[] stored) {
        return sealer.sealing() && !SecretSealer.looksSealed(stored);
    }

    /**
     * Refuses to start when some secret cannot be opened: sealed ones without a key, or sealed with
     * another key (told by the key id byte, without decrypting every row).
     */
    private void checkSealedOnesOpen(Connection connection) throws SQLException {
        String sql = sealer.sealing()
                ? "SELECT user_id FROM totp_credentials WHERE octet_length(secret) <> ? AND"
                        + " ((get_byte(secret, 0) = ? AND get_byte(secret, 1) <> ?) OR get_byte(secret, 0) NOT IN (?, ?)) LIMIT 1"
                : "SELECT user_id FROM totp_credentials WHERE octet_length(secret) <> ? LIMIT 1";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setInt(1, Totp.SECRET_BYTES);
            if (sealer.sealing()) {
                select.setInt(2, SecretSealer.FORMAT);
                select.setInt(3, sealer.keyId());
                select.setInt(4, SecretSealer.FORMAT);
                select.setInt(5, LEGACY_FORMAT);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    throw new IllegalStateException(sealer.sealing()
                            ? "Some stored TOTP secrets (e.g. of user " + rows.getObject(1) + ") were sealed with another"
                                    + " vigil.secret-key than the configured one: configure the key they were sealed with"
                            : "The stored TOTP secrets are sealed (e.g. of user " + rows.getObject(1) + "): set"
                                    + " vigil.secret-key to the key they were sealed with");
                }
            }
        }
    }

    private int resealAll(Connection connection) throws SQLException {
        int resealed = 0;
        UUID after = new UUID(0, 0); // below every uuid in PostgreSQL's (unsigned, bytewise) order
        while (true) {
            List<Object[]> batch = unsealedAfter(connection, after);
            for (Object[] row : batch) {
                UUID userId = (UUID) row[0];
                byte[] stored = (byte[]) row[1];
                resealed += replace(connection, userId, stored, seal(userId, open(userId, stored)));
                after = userId;
            }
            if (batch.size() < BATCH) {
                return resealed;
            }
        }
    }

    /** The next rows (by user id) that are plain or in the earlier sealed form. */
    private List<Object[]> unsealedAfter(Connection connection, UUID after) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT user_id, secret FROM totp_credentials
                WHERE user_id > ? AND (octet_length(secret) = ? OR get_byte(secret, 0) <> ?)
                ORDER BY user_id LIMIT ?""")) {
            select.setObject(1, after);
            select.setInt(2, Totp.SECRET_BYTES);
            select.setInt(3, SecretSealer.FORMAT);
            select.setInt(4, BATCH);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Object[] {result.getObject(1, UUID.class), result.getBytes(2)});
                }
            }
            return rows;
        }
    }

    /** Replaces exactly the value that was read; 0 when something else changed it meanwhile. */
    private static int replace(Connection connection, UUID userId, byte[] was, byte[] sealed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE totp_credentials SET secret = ? WHERE user_id = ? AND secret = ?")) {
            update.setBytes(1, sealed);
            update.setObject(2, userId);
            update.setBytes(3, was);
            return update.executeUpdate();
        }
    }
}
