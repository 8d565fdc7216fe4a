package dev.vigil.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Locking an account after repeated failed logins. */
@ConfigMapping(prefix = "vigil.lockout")
public interface LockoutConfig {

    /** Consecutive failed logins (wrong password or wrong second-factor code) that lock the account. */
    @WithDefault("5")
    int maxFailures();

    /** How long the first lock lasts; each further lock doubles it (until a completed login). */
    @WithDefault("PT15M")
    Duration duration();

    /** The longest a lock can last, however often it doubled. */
    @WithDefault("PT24H")
    Duration maxDuration();

    /**
     * How often the job looks for locks that ended, clears them and records {@code account.unlocked}.
     * A lock stops blocking logins at its end whatever this says; only the event waits for the job.
     */
    @WithDefault("60s")
    String unlockScanEvery();
}
