package dev.vigil.quota;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Request quotas per user and subscription tier, per clock hour and per UTC day. Counted in memory
 * on each instance and summed in PostgreSQL every {@link #flushEvery()}; see docs/how-it-works.md,
 * "Quotas", for the tolerance this gives across instances.
 */
@ConfigMapping(prefix = "vigil.quota")
public interface QuotaConfig {

    /** {@code false} turns quotas off (benchmarks): no counting, no headers, never 429. */
    @WithDefault("true")
    boolean enabled();

    /** How often each instance adds its counts to the shared counters and reads the totals back. */
    @WithDefault("10s")
    Duration flushEvery();

    /** Tier {@code free} (also used for an unknown tier). */
    Free free();

    /** Tier {@code basic}. */
    Basic basic();

    /** Tier {@code premium}. */
    Premium premium();

    /** The two limits of a tier. */
    interface Limits {

        /** Requests per clock hour. */
        long perHour();

        /** Requests per UTC day. */
        long perDay();
    }

    interface Free extends Limits {

        @Override
        @WithDefault("1000")
        long perHour();

        @Override
        @WithDefault("10000")
        long perDay();
    }

    interface Basic extends Limits {

        @Override
        @WithDefault("5000")
        long perHour();

        @Override
        @WithDefault("50000")
        long perDay();
    }

    interface Premium extends Limits {

        @Override
        @WithDefault("20000")
        long perHour();

        @Override
        @WithDefault("200000")
        long perDay();
    }
}
