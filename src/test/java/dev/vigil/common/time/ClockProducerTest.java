package dev.vigil.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The application's clock is the system's UTC clock, ticking in whole microseconds (PostgreSQL's precision). */
class ClockProducerTest {

    @Test
    void instantsHaveNoDigitsBelowAMicrosecond() {
        Clock clock = new ClockProducer().clock();

        for (int i = 0; i < 1_000; i++) {
            Instant now = clock.instant();
            assertEquals(0, now.getNano() % 1_000, now.toString());
        }
        assertEquals(ZoneOffset.UTC, clock.getZone());
        Duration apart = Duration.between(clock.instant(), Clock.systemUTC().instant()).abs();
        assertTrue(apart.compareTo(Duration.ofSeconds(5)) < 0, "it reads the system time, " + apart + " apart");
    }

    /** The rate limiter reads millis(); Java 17's own sub-millisecond tick clock threw there. */
    @Test
    void millisAgreeWithTheInstant() {
        Clock clock = new ClockProducer().clock();

        long before = clock.instant().toEpochMilli();
        long millis = clock.millis();
        long after = clock.instant().toEpochMilli();

        assertTrue(before <= millis && millis <= after, before + " <= " + millis + " <= " + after);
        assertEquals(ZoneOffset.UTC, clock.withZone(ZoneOffset.UTC).getZone());
    }
}
