package dev.vigil.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

/** An ES256 key pair with its key id; {@code retiredAt} set means it only verifies. */
record SigningKey(String kid, PublicKey publicKey, PrivateKey privateKey, Instant retiredAt) {

    static final String ALGORITHM = "ES256";
}
