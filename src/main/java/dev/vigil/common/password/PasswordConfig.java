package dev.vigil.common.password;

import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Password rules and hashing cost ({@code vigil.password.*}).
 *
 * <p>The Argon2id defaults are the OWASP recommendation (19 MiB, 2 passes, 1 lane). Raising them is
 * safe at any time: stored hashes keep their own parameters and are rehashed with the new ones at
 * the user's next successful login.
 */
@ConfigMapping(prefix = "vigil.password")
public interface PasswordConfig {

    /**
     * Fewest characters a new password may have, counted in Unicode code points after NFC
     * normalization. The upper limit is fixed at 256.
     */
    @WithDefault("12")
    @Min(1)
    @Max(PasswordPolicy.MAX_LENGTH)
    int minLength();

    /** Argon2id cost of newly made hashes. */
    Argon2 argon2();

    /**
     * Threads that compute password hashes (the {@code vigil-password-hash} pool). Hashing is
     * CPU-bound, so more threads than cores only adds queueing inside the CPU. Defaults to the
     * number of available processors.
     */
    Optional<@Min(1) Integer> hashPoolSize();

    /** Argon2id parameters ({@code vigil.password.argon2.*}). */
    interface Argon2 {

        /** Memory per hash in KiB ({@code m}); must be at least 8 × parallelism. */
        @WithDefault("19456")
        @Min(8)
        @Max(Argon2idHash.MAX_MEMORY_KIB)
        int memoryKib();

        /** Passes over the memory ({@code t}). */
        @WithDefault("2")
        @Min(1)
        @Max(Argon2idHash.MAX_ITERATIONS)
        int iterations();

        /** Lanes ({@code p}). Bouncy Castle computes lanes one after another, so this adds cost, not speed. */
        @WithDefault("1")
        @Min(1)
        @Max(Argon2idHash.MAX_PARALLELISM)
        int parallelism();
    }
}
