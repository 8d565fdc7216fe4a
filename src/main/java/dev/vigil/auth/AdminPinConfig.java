package dev.vigil.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Locking an admin's PIN after repeated wrong PINs; apart from the login lockout. */
@ConfigMapping(prefix = "vigil.admin-pin")
public interface AdminPinConfig {

    /** Wrong PINs in a row after which every PIN is refused for a while (a request without a PIN is no attempt). */
    @WithDefault("5")
    int maxFailures();

    /** How long the first lock lasts; each further lock (without a right PIN between) doubles it. */
    @WithDefault("PT15M")
    Duration lockDuration();

    /** The longest a lock can last, however often it doubled. */
    @WithDefault("PT24H")
    Duration maxLockDuration();
}
