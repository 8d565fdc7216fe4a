package dev.vigil.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

/**
 * The application's clock in tests. It starts at a fixed instant, never at the wall-clock time the
 * suite happens to run, so no test depends on the hour of the day; it then moves on with elapsed
 * time (so things made one after the other get later timestamps) and a test can move it forward, so
 * expiry rules are tested without sleeping. Replaces the default clock bean for every test; call
 * {@link #reset()} after moving it.
 *
 * <p>{@code -Dvigil.test.clock-start=2026-12-07T00:15:00Z} moves the start, to check that the suite
 * passes at any hour. Every Quarkus application of one test JVM (test profiles restart it) shares
 * one time line: the elapsed time is counted from the first clock made in the JVM, so rows written
 * before a restart never lie in the future of the restarted clock.
 */
@Singleton
public class MutableClock extends Clock {

    /** The system property that moves where every test clock starts. */
    public static final String START_PROPERTY = "vigil.test.clock-start";

    /** Where the test clocks start unless told otherwise: a Monday morning in June, far from any DST change. */
    public static final Instant DEFAULT_START = Instant.parse("2026-06-15T10:00:00Z");

    /** Held in a system property, which every class loader of the JVM sees (Quarkus restarts reload this class). */
    private static final String ANCHOR_PROPERTY = "vigil.test.clock-anchor-nanos";

    private final Instant start = start();
    private final long anchorNanos = anchorNanos();
    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Vigil works in UTC");
    }

    /** Like the application's clock, this one ticks in whole microseconds. */
    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - anchorNanos)
                .plus(offset)
                .truncatedTo(ChronoUnit.MICROS);
    }

    /** The configured start ({@value #START_PROPERTY}), or {@link #DEFAULT_START}. */
    public static Instant start() {
        String configured = System.getProperty(START_PROPERTY);
        return configured == null || configured.isBlank() ? DEFAULT_START : Instant.parse(configured.trim());
    }

    private static long anchorNanos() {
        synchronized (System.class) {
            String anchor = System.getProperty(ANCHOR_PROPERTY);
            if (anchor == null) {
                anchor = Long.toString(System.nanoTime());
                System.setProperty(ANCHOR_PROPERTY, anchor);
            }
            return Long.parseLong(anchor);
        }
    }
}
