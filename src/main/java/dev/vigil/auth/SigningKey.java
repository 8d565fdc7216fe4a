package dev.vigil.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * A key pair of one {@link SigningAlgorithm} with its key id and its working life: it is published
 * from creation, signs from {@code activatesAt} until {@code retiredAt} (null: until a successor takes
 * over), and is published and accepted until the last token it signed has expired. A token is only
 * ever checked with the algorithm of the key its {@code kid} names.
 */
record SigningKey(String kid, SigningAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey,
        Instant activatesAt, Instant retiredAt) {

    /** Whether this key signs new tokens at {@code now}. */
    boolean signsAt(Instant now) {
        return !activatesAt.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
    }

    /** Whether a token this key signed may still be unexpired at {@code now} ({@code lastTokenLife}: TTL plus skew). */
    boolean liveAt(Instant now, Duration lastTokenLife) {
        return retiredAt == null || retiredAt.plus(lastTokenLife).isAfter(now);
    }

    /** The same key with another working life. */
    SigningKey living(Instant activatesAt, Instant retiredAt) {
        return new SigningKey(kid, algorithm, publicKey, privateKey, activatesAt, retiredAt);
    }
}
