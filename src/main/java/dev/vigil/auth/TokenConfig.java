package dev.vigil.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Lifetimes and keys of the tokens Vigil issues. */
@ConfigMapping(prefix = "vigil.tokens")
public interface TokenConfig {

    /** How long an access token (JWT) is accepted. Revocation still ends it earlier. */
    @WithDefault("PT10M")
    Duration accessTtl();

    /** How long a refresh token stays usable; each refresh starts a new period, within {@link #sessionMaxAge()}. */
    @WithDefault("P30D")
    Duration refreshTtl();

    /**
     * The absolute lifetime of a session: however often it is refreshed, it ends this long after the
     * login that started it, and its user must log in again.
     */
    @WithDefault("P90D")
    Duration sessionMaxAge();

    /**
     * How long after a rotation the refresh token it replaced may be presented once more without
     * revoking the session: two tabs refreshing at once, or a client retrying a refresh whose answer
     * it never got. Within it, that token (only the one just replaced) gets the session's current
     * refresh token again with a new access token; later, or for any older token, the session is
     * revoked as a theft. Whoever holds the replaced token has these seconds too. {@code PT0S} turns
     * it off.
     */
    @WithDefault("PT10S")
    Duration refreshReuseGrace();

    /**
     * The algorithm of new signing keys: {@code ES256} (ECDSA on P-256) or {@code EdDSA} (Ed25519, RFC
     * 8037), whose signatures cost less than half as much. A stored key keeps the algorithm it was made
     * with, and tokens are checked with the algorithm of the key they name, so changing this logs
     * nobody out: at the next start, when the key that signs has the other algorithm, a key of this one
     * is made and takes over after {@link #signingKeyPublishAhead()} (as in a rotation), and the old
     * key is accepted until its last token has expired. With {@link #signingKeyFile()} the file's key
     * must be of this algorithm.
     */
    @WithDefault("ES256")
    @WithConverter(SigningAlgorithm.ConfigConverter.class)
    SigningAlgorithm signingAlgorithm();

    /**
     * A PEM file with a PKCS#8 private key to sign access tokens with: EC P-256 for {@code ES256},
     * Ed25519 for {@code EdDSA} ({@link #signingAlgorithm()}). When unset, Vigil generates a key at first
     * start and keeps it in the database, shared by every instance.
     */
    Optional<String> signingKeyFile();

    /**
     * The audience ({@code aud}) written into every access token and required of every token presented.
     * Defaults to {@code vigil.public-url}.
     */
    @WithDefault("${vigil.public-url}")
    String audience();

    /**
     * How long a stored signing key signs before a new one takes over (checked by every instance; one
     * of them makes the new key). Not used with {@link #signingKeyFile()}.
     */
    @WithDefault("P90D")
    Duration signingKeyRotateEvery();

    /**
     * How long a new signing key is published before it signs: longer than
     * {@link #signingKeyCheckEvery()} (every instance loads it) plus the JWKS cache lifetime (300 s),
     * so that every verifier knows the key before the first token it signs.
     */
    @WithDefault("PT10M")
    Duration signingKeyPublishAhead();

    /**
     * How often each instance reloads the stored signing keys and sees whether a rotation is due
     * ({@code off}: never; the tests run it themselves).
     */
    @WithDefault("60s")
    String signingKeyCheckEvery();
}
