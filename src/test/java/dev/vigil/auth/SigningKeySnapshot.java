package dev.vigil.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.vigil.support.Db;

/**
 * The stored signing keys as they were before a test that rotates them. Every test application
 * shares one database and every test starts its clock at the same instant, so a key a rotation test
 * made (signing from a moved clock's "later") would otherwise sign, or be missing, in the tests that
 * follow. {@link #restore} puts the rows back as they were and reloads the keys of this application.
 */
public final class SigningKeySnapshot {

    private final DataSource dataSource;
    private final List<Map<String, Object>> rows;

    private SigningKeySnapshot(DataSource dataSource, List<Map<String, Object>> rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    public static SigningKeySnapshot take(DataSource dataSource) {
        return new SigningKeySnapshot(dataSource, Db.query(dataSource,
                "SELECT kid, algorithm, public_key, private_key, created_at, activates_at, retired_at FROM signing_keys"));
    }

    /** Back to the rows taken; {@code keys} (this application's, with the clock already reset) reloads them. */
    public void restore(SigningKeys keys) {
        Db.update(dataSource, "DELETE FROM signing_keys");
        for (Map<String, Object> row : rows) {
            Db.update(dataSource, "INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at, activates_at,"
                    + " retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)", row.get("kid"), row.get("algorithm"), row.get("public_key"),
                    row.get("private_key"), instant(row.get("created_at")), instant(row.get("activates_at")),
                    instant(row.get("retired_at")));
        }
        keys.reload().await().indefinitely();
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
