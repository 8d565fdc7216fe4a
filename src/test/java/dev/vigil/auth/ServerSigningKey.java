package dev.vigil.auth;

import java.security.PrivateKey;
import java.util.Base64;

import javax.sql.DataSource;

import dev.vigil.auth.SecretSealer.Purpose;
import dev.vigil.support.Db;

/**
 * The server's private signing key as an attacker holding the database AND the secret key would
 * get it: the stored row, opened with {@code vigil.secret-key}. Tests that need to sign like the
 * server use this; without the secret key the row is useless (see {@code SigningKeyStorageTest}).
 */
final class ServerSigningKey {

    private ServerSigningKey() {
    }

    static String storedPrivateKey(DataSource dataSource, String kid) {
        return (String) Db.single(dataSource, "SELECT private_key FROM signing_keys WHERE kid = ?", kid);
    }

    /** The algorithm the stored key was made for. */
    static SigningAlgorithm algorithm(DataSource dataSource, String kid) {
        return SigningAlgorithm.ofStored((String) Db.single(dataSource, "SELECT algorithm FROM signing_keys WHERE kid = ?", kid));
    }

    /** The private key, read with the algorithm of its row (EC P-256 or Ed25519). */
    static PrivateKey open(DataSource dataSource, SecretSealer sealer, String kid) throws Exception {
        byte[] der = sealer.open(Purpose.SIGNING_KEY, kid, Base64.getDecoder().decode(storedPrivateKey(dataSource, kid)));
        return algorithm(dataSource, kid).decodePrivate(der);
    }
}
