package dev.vigil.checkin;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When the reminders of one deadline go out. Each configured offset shorter than the interval gives
 * one reminder at {@code dueAt − offset}. Day-scale reminders (offset of a day or more) that would
 * land at night in the user's time zone are moved earlier, never later, into 09:00–20:00 local time:
 * after 20:00 to 20:00 the same day, before 09:00 to 20:00 the day before. Local times are turned
 * back into instants through the zone's rules for that date, so a daylight-saving change between
 * the deadline and the reminder is accounted for.
 */
final class ReminderSchedule {

    static final LocalTime DAY_STARTS = LocalTime.of(9, 0);
    static final LocalTime DAY_ENDS = LocalTime.of(20, 0);
    private static final Duration DAY_SCALE = Duration.ofDays(1);

    /** One planned reminder of a deadline. */
    record Planned(Duration offset, Instant at) {
    }

    private ReminderSchedule() {
    }

    /** The planned reminders in the order they go out. */
    static List<Planned> plan(Instant dueAt, Duration interval, List<Duration> offsets, ZoneId zone) {
        List<Planned> planned = new ArrayList<>();
        for (Duration offset : offsets.stream().distinct().toList()) {
            if (offset.isNegative() || offset.compareTo(interval) >= 0) {
                continue;
            }
            planned.add(new Planned(offset, at(dueAt, offset, zone)));
        }
        planned.sort(Comparator.comparing(Planned::at).thenComparing(Planned::offset, Comparator.reverseOrder()));
        return planned;
    }

    /** When the reminder {@code offset} before {@code dueAt} goes out in {@code zone}. */
    static Instant at(Instant dueAt, Duration offset, ZoneId zone) {
        Instant raw = dueAt.minus(offset);
        if (offset.compareTo(DAY_SCALE) < 0) {
            return raw;
        }
        ZonedDateTime local = raw.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (time.isBefore(DAY_STARTS)) {
            return local.toLocalDate().minusDays(1).atTime(DAY_ENDS).atZone(zone).toInstant();
        }
        if (time.isAfter(DAY_ENDS)) {
            return local.toLocalDate().atTime(DAY_ENDS).atZone(zone).toInstant();
        }
        return raw;
    }

    /** The user's zone; a stored value this JVM does not know counts as UTC. */
    static ZoneId zone(String timezone) {
        if (timezone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
