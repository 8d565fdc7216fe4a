package dev.vigil.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One limit ("at most {@code limit} requests per {@code period}") kept separately for every key (an
 * IP address, a login identifier), in memory and with a fixed capacity.
 *
 * <p>Each key holds a single number, its theoretical arrival time (the generic cell rate algorithm):
 * requests are spaced {@code period / limit} apart, and up to {@code limit} may come at once. That is
 * a token bucket without the bookkeeping, updated with one compare-and-set, so the hot path neither
 * locks nor blocks. A rejected request changes nothing, and the answer says how long to wait.
 *
 * <p>Memory stays bounded under a flood of distinct keys: the map holds at most {@code maxKeys}
 * entries (Caffeine's size eviction, which keeps frequently seen keys and drops one-off ones), and a
 * key unused for a whole period is forgotten, which is exactly when its state equals a fresh one.
 * Eviction can only ever make a limit more lenient for the evicted key, never stricter.
 */
final class KeyedLimiter {

    private final Clock clock;
    private final long interval;
    private final long tolerance;
    private final Cache<String, AtomicLong> arrivals;

    /**
     * @param limit requests allowed per period; at least 1
     * @param period the window the limit is counted over
     * @param maxKeys how many keys are kept at most
     * @param clock the source of "now" (moved by tests)
     */
    KeyedLimiter(int limit, Duration period, long maxKeys, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.clock = clock;
        this.interval = Math.max(1, period.toMillis() / limit);
        this.tolerance = interval * (limit - 1);
        this.arrivals = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(period)
                .build();
    }

    /**
     * Counts a request for {@code key} if the limit allows it.
     *
     * @return 0 when the request is allowed (and counted), else the milliseconds until it would be
     */
    long tryAcquire(String key) {
        long now = clock.millis();
        AtomicLong arrival = arrivals.get(key, ignored -> new AtomicLong(Long.MIN_VALUE));
        while (true) {
            long theoretical = arrival.get();
            long start = Math.max(theoretical, now);
            long wait = start - now - tolerance;
            if (wait > 0) {
                return wait;
            }
            if (arrival.compareAndSet(theoretical, start + interval)) {
                return 0;
            }
        }
    }

    /**
     * What {@link #tryAcquire} would answer for {@code key}, without counting anything.
     *
     * @return 0 when a request would be allowed, else the milliseconds until it would be
     */
    long waitFor(String key) {
        AtomicLong arrival = arrivals.getIfPresent(key);
        if (arrival == null) {
            return 0;
        }
        long now = clock.millis();
        return Math.max(0, Math.max(arrival.get(), now) - now - tolerance);
    }

    /** How many keys are held now, after pending evictions ran. */
    long size() {
        arrivals.cleanUp();
        return arrivals.estimatedSize();
    }
}
