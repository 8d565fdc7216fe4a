package dev.vigil.common.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A clock whose instants are truncated to whole microseconds, PostgreSQL's precision. Written out
 * rather than {@code Clock.tick(base, 1 µs)}: on Java 17 a ticking clock divides by its tick in
 * milliseconds in {@link #millis()}, which is zero below a millisecond (an ArithmeticException in
 * every caller of {@code millis()}, such as the rate limiter).
 */
final class MicrosecondClock extends Clock {

    private final Clock base;

    MicrosecondClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() {
        return base.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return base.millis();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(base.getZone()) ? this : new MicrosecondClock(base.withZone(zone));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MicrosecondClock clock && clock.base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "MicrosecondClock[" + base + "]";
    }
}
