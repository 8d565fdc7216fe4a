package dev.vigil.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Throttles on login, registration and mail-sending endpoints, per client IP and per subject. Limits
 * are counted in each instance's memory; {@code 0} turns one limit off.
 */
@ConfigMapping(prefix = "vigil.rate-limit")
public interface RateLimitConfig {

    /** {@code false} turns every throttle off (benchmarks, most tests). */
    @WithDefault("true")
    boolean enabled();

    /** The most keys (IPs or subjects) each limit remembers; bounds memory under floods of new keys. */
    @WithDefault("20000")
    long maxKeys();

    /** Logins ({@code POST /api/v1/auth/login}, {@code /login/mfa}). */
    Login login();

    /** Registrations ({@code POST /api/v1/auth/register}). */
    Registration registration();

    /** Endpoints that send mail on request (forgotten password or username, resent verification). */
    Mail mail();

    interface Login {

        /** Login attempts per client IP per period. */
        @WithDefault("20")
        int perIp();

        /** Login attempts per login identifier (all spellings) per period, from any IP. */
        @WithDefault("10")
        int perLogin();

        /** The window both login limits are counted over. */
        @WithDefault("PT1M")
        Duration period();
    }

    interface Registration {

        /** Registrations per client IP per period. */
        @WithDefault("10")
        int perIp();

        /** Registrations per email address per period, from any IP. */
        @WithDefault("5")
        int perEmail();

        /** The window both registration limits are counted over. */
        @WithDefault("PT1H")
        Duration period();
    }

    interface Mail {

        /** Mail-sending requests per client IP per period, all such endpoints together. */
        @WithDefault("10")
        int perIp();

        /** Mail-sending requests per target (login, address or calling user) per period, from any IP. */
        @WithDefault("5")
        int perTarget();

        /** The window both mail limits are counted over. */
        @WithDefault("PT1H")
        Duration period();
    }
}
