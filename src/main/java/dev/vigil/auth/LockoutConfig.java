package dev.vigil.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Locking an account after repeated failed logins: per client address (IPv6: its /64), and for every
 * address once the failures from all of them together reach a ceiling. See {@link Lockout}.
 */
@ConfigMapping(prefix = "vigil.lockout")
public interface LockoutConfig {

    /**
     * Consecutive failed logins (wrong password or wrong second-factor code) from one address that
     * lock the account for that address.
     */
    @WithDefault("5")
    int maxFailures();

    /** How long an address's first lock lasts; each further lock of that address doubles it (until a completed login). */
    @WithDefault("PT15M")
    Duration duration();

    /** The longest an address's lock can last, however often it doubled; also how long an account-wide lock lasts. */
    @WithDefault("PT24H")
    Duration maxDuration();

    /**
     * Failed logins from all addresses together, since the last completed login, password reset,
     * unlock or account-wide lock, that lock the account for every address (NIST SP 800-63B allows
     * at most 100 consecutive failures).
     */
    @WithDefault("100")
    int accountMaxFailures();

    /**
     * How often the job looks for locks that ended, clears them and records {@code account.unlocked}.
     * A lock stops blocking logins at its end whatever this says; only the event waits for the job.
     */
    @WithDefault("60s")
    String unlockScanEvery();
}
