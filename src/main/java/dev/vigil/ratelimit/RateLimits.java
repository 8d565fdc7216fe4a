package dev.vigil.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.AddressBlock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The throttles themselves: for each {@link RateLimitKind} one limit per client IP and one per
 * subject, held in memory (per instance, no database round trip) with a fixed capacity each.
 *
 * <p>A request is counted against its IP first and then against its subject. Subjects are
 * normalised, so {@code Ada@Example.org} and {@code ada@example.org } share one budget; the limit
 * applies whether or not an account answers to the subject, so a 429 reveals nothing about accounts.
 * IPv6 clients are counted per /64, the block one subscriber usually holds.
 *
 * <p>The per-login limit ({@link RateLimitKind#subjectCountsFailuresOnly()}) is different: it is
 * spent by failed attempts only ({@link #failed}), and it refuses only addresses that failed on that
 * login within the period. Otherwise an attacker failing {@code per-login} times a minute from one
 * address would keep the login's budget empty, and its owner, typing the right password elsewhere,
 * would get 429 for as long as the attack lasts. Which addresses failed is remembered for one period,
 * bounded like every key set here.
 *
 * <p>Every rejection is counted in {@code vigil_rate_limited_total{kind}}.
 */
@ApplicationScoped
public class RateLimits {

    /** Longer subjects fail validation anyway; cutting them keeps each key small. */
    private static final int MAX_SUBJECT_LENGTH = 320;

    private final boolean enabled;
    private final Map<RateLimitKind, KeyedLimiter> perIp = new EnumMap<>(RateLimitKind.class);
    private final Map<RateLimitKind, KeyedLimiter> perSubject = new EnumMap<>(RateLimitKind.class);
    private final Map<RateLimitKind, Counter> rejections = new EnumMap<>(RateLimitKind.class);
    /** Per kind whose subject limit counts failures: "subject, address block" pairs that failed lately. */
    private final Map<RateLimitKind, Cache<String, Boolean>> failedFrom = new EnumMap<>(RateLimitKind.class);

    public RateLimits(RateLimitConfig config, Clock clock, MeterRegistry registry) {
        this.enabled = config.enabled();
        long maxKeys = config.maxKeys();
        limit(perIp, RateLimitKind.LOGIN, config.login().perIp(), config.login().period(), maxKeys, clock);
        limit(perSubject, RateLimitKind.LOGIN, config.login().perLogin(), config.login().period(), maxKeys, clock);
        limit(perIp, RateLimitKind.REGISTRATION, config.registration().perIp(), config.registration().period(),
                maxKeys, clock);
        limit(perSubject, RateLimitKind.REGISTRATION, config.registration().perEmail(),
                config.registration().period(), maxKeys, clock);
        limit(perIp, RateLimitKind.MAIL, config.mail().perIp(), config.mail().period(), maxKeys, clock);
        limit(perSubject, RateLimitKind.MAIL, config.mail().perTarget(), config.mail().period(), maxKeys, clock);
        for (RateLimitKind kind : RateLimitKind.values()) {
            if (kind.subjectCountsFailuresOnly() && perSubject.containsKey(kind)) {
                failedFrom.put(kind, Caffeine.newBuilder()
                        .maximumSize(maxKeys)
                        .expireAfterWrite(period(config, kind))
                        .build());
            }
            rejections.put(kind, Counter.builder("vigil.rate.limited")
                    .description("Requests refused by a throttle (429), by kind of endpoint")
                    .tag("kind", kind.tag())
                    .register(registry));
        }
    }

    /** Whether throttling is on ({@code vigil.rate-limit.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Counts one request of this kind from {@code ip} about {@code subject}, or refuses it. For a
     * kind whose subject limit counts failures, the subject's budget is only looked at here (and only
     * for an address that failed on it lately); {@link #failed} spends it.
     *
     * @param ip the client's address as {@link dev.vigil.common.http.ClientInfo} reports it; null if unknown
     * @param subject the login or address the request is about, as sent; null or blank for none
     * @throws VigilException 429 {@code rate-limited} with {@code retry_after} (whole seconds, at least 1)
     */
    public void check(RateLimitKind kind, String ip, String subject) {
        if (!enabled) {
            return;
        }
        String address = ipKey(ip);
        long wait = acquire(perIp.get(kind), address);
        String key = subjectKey(subject);
        if (wait == 0 && key != null) {
            if (!kind.subjectCountsFailuresOnly()) {
                wait = acquire(perSubject.get(kind), key);
            } else if (failedLately(kind, key, address)) {
                wait = perSubject.get(kind).waitFor(key);
            }
        }
        if (wait > 0) {
            rejections.get(kind).increment();
            long seconds = Math.max(1, Duration.ofMillis(wait).plusMillis(999).toSeconds());
            throw new VigilException(CommonError.RATE_LIMITED,
                    "Too many requests of this kind; try again in " + seconds + " seconds.")
                    .with(Problem.RETRY_AFTER, seconds);
        }
    }

    /**
     * Counts a failed attempt of this kind from {@code ip} about {@code subject} (the endpoint refused
     * it with 401) against the subject's budget, and remembers that this address failed on it. Only
     * for kinds whose subject limit counts failures; otherwise, or without a subject, nothing happens.
     */
    public void failed(RateLimitKind kind, String ip, String subject) {
        Cache<String, Boolean> failures = failedFrom.get(kind);
        String key = subjectKey(subject);
        if (!enabled || failures == null || key == null) {
            return;
        }
        perSubject.get(kind).tryAcquire(key); // an empty budget stays empty; nothing more to count
        failures.put(failureKey(key, ipKey(ip)), Boolean.TRUE);
    }

    private boolean failedLately(RateLimitKind kind, String key, String address) {
        Cache<String, Boolean> failures = failedFrom.get(kind);
        return failures != null && failures.getIfPresent(failureKey(key, address)) != null;
    }

    /** One key for the pair; an address never contains a newline. */
    private static String failureKey(String subjectKey, String address) {
        return subjectKey + "\n" + address;
    }

    private static Duration period(RateLimitConfig config, RateLimitKind kind) {
        return switch (kind) {
            case LOGIN -> config.login().period();
            case REGISTRATION -> config.registration().period();
            case MAIL -> config.mail().period();
        };
    }

    private static long acquire(KeyedLimiter limiter, String key) {
        return limiter == null ? 0 : limiter.tryAcquire(key);
    }

    private static void limit(Map<RateLimitKind, KeyedLimiter> limits, RateLimitKind kind, int limit,
            Duration period, long maxKeys, Clock clock) {
        if (limit > 0) {
            limits.put(kind, new KeyedLimiter(limit, period, maxKeys, clock));
        }
    }

    /** The key an address is counted under: itself, or its /64 for IPv6 ({@link AddressBlock}). */
    static String ipKey(String ip) {
        return AddressBlock.of(ip);
    }

    /** The key a subject is counted under: stripped, lower-cased, cut to a bounded length; null for none. */
    static String subjectKey(String subject) {
        if (subject == null) {
            return null;
        }
        String key = subject.strip().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            return null;
        }
        return key.length() > MAX_SUBJECT_LENGTH ? key.substring(0, MAX_SUBJECT_LENGTH) : key;
    }
}
