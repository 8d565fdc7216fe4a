package dev.vigil.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;

/** The in-memory limiter on its own: counting, waiting, refilling and staying small. */
class KeyedLimiterTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void allowsTheLimitAtOnceThenAsksToWaitOneInterval() {
        KeyedLimiter limiter = new KeyedLimiter(3, Duration.ofMinutes(1), 100, clock);

        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire("203.0.113.7"), "request " + (i + 1));
        }
        long wait = limiter.tryAcquire("203.0.113.7");

        assertTrue(wait > 19_000 && wait <= 20_000, "one interval of 20 s, was " + wait + " ms");
    }

    @Test
    void aRejectedRequestDoesNotPushTheWaitFurther() {
        KeyedLimiter limiter = new KeyedLimiter(1, Duration.ofMinutes(1), 100, clock);
        limiter.tryAcquire("ada");

        long first = limiter.tryAcquire("ada");
        long second = limiter.tryAcquire("ada");

        assertTrue(second <= first, first + " then " + second);
    }

    @Test
    void timeRefillsTheBudget() {
        KeyedLimiter limiter = new KeyedLimiter(2, Duration.ofMinutes(1), 100, clock);
        limiter.tryAcquire("ada");
        limiter.tryAcquire("ada");
        assertTrue(limiter.tryAcquire("ada") > 0);

        clock.advance(Duration.ofSeconds(30));

        assertEquals(0, limiter.tryAcquire("ada"), "one request back after one interval");
        assertTrue(limiter.tryAcquire("ada") > 0, "but only one");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(0, limiter.tryAcquire("ada"));
        assertEquals(0, limiter.tryAcquire("ada"), "a long pause refills to the limit, not beyond");
        assertTrue(limiter.tryAcquire("ada") > 0);
    }

    @Test
    void keysAreCountedSeparately() {
        KeyedLimiter limiter = new KeyedLimiter(1, Duration.ofHours(1), 100, clock);

        assertEquals(0, limiter.tryAcquire("198.51.100.1"));
        assertTrue(limiter.tryAcquire("198.51.100.1") > 0);
        assertEquals(0, limiter.tryAcquire("198.51.100.2"));
    }

    @Test
    void aMillionDistinctKeysKeepTheSizeBounded() {
        KeyedLimiter limiter = new KeyedLimiter(10, Duration.ofHours(1), 10_000, clock);

        for (int i = 0; i < 1_000_000; i++) {
            assertEquals(0, limiter.tryAcquire("key-" + i));
        }

        assertTrue(limiter.size() <= 10_000, "held " + limiter.size() + " keys");
    }

    @Test
    void aFrequentKeySurvivesAFloodOfOneOffKeys() {
        KeyedLimiter limiter = new KeyedLimiter(5, Duration.ofHours(1), 1_000, clock);
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("attacker");
        }

        for (int i = 0; i < 100_000; i++) {
            limiter.tryAcquire("spoofed-" + i);
            if (i % 100 == 0) {
                // The attacker keeps trying while flooding; its tries keep it frequent.
                assertTrue(limiter.tryAcquire("attacker") > 0, "still limited after " + i + " other keys");
            }
        }
    }
}
