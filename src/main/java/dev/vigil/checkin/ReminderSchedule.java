package dev.vigil.checkin;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * When the reminders of one deadline go out, and what a scan does with them.
 *
 * <p>A deadline starts at a moment (enable, check-in, resume, re-authorization) and ends at
 * {@code dueAt}. Each configured offset shorter than the interval gives one reminder at
 * {@code dueAt − offset}, which always lies after the start. Day-scale reminders (offset of a day
 * or more) are moved earlier, never later, into 09:00–20:00 in the user's time zone: one that falls
 * after 20:00 goes at 20:00 that day, one before 09:00 at 20:00 the day before. A move that would put
 * the reminder at or before the start of its deadline is not made: the reminder then goes at its
 * unmoved time, since no daytime lies between the start and that time. Local times become instants
 * through the zone's rules for that date, so daylight-saving changes are respected.
 *
 * <p>Grace has reminders too: each offset shorter than the grace period gives one at {@code releaseAt
 * − offset}, moved into daytime the same way but never to or before {@code dueAt}. They are keyed by
 * their (negative) distance from {@code dueAt}, so a release moved later by a vouch plans new ones.
 * The last reminder before {@code dueAt} and every one from {@code dueAt} on escalate: they go to
 * both the address and the phone number when the user has both.
 */
final class ReminderSchedule {

    static final LocalTime DAY_STARTS = LocalTime.of(9, 0);
    static final LocalTime DAY_ENDS = LocalTime.of(20, 0);
    private static final Duration DAY_SCALE = Duration.ofDays(1);

    /** One planned reminder of a deadline. */
    record Planned(Duration offset, Instant at) {
    }

    /**
     * What a scan at one moment does: send the latest reminder that has come, record the earlier ones
     * that came with it as passed over (the service was not running when they were due; sending them
     * all late would be a burst of the same request), and wake up again at {@code next}.
     */
    record Step(Planned send, List<Planned> passedOver, Instant next) {
    }

    private ReminderSchedule() {
    }

    /** The planned reminders of the deadline from {@code startedAt} to {@code dueAt}, in the order they go out. */
    static List<Planned> plan(Instant startedAt, Instant dueAt, Duration interval, List<Duration> offsets, ZoneId zone) {
        return plan(startedAt, dueAt, null, interval, offsets, zone);
    }

    /**
     * The planned reminders of the deadline from {@code startedAt} to {@code dueAt} and of its grace
     * until {@code releaseAt} (none in grace when it is null), in the order they go out.
     */
    static List<Planned> plan(Instant startedAt, Instant dueAt, Instant releaseAt, Duration interval,
            List<Duration> offsets, ZoneId zone) {
        List<Planned> planned = new ArrayList<>();
        if (releaseAt != null && releaseAt.isAfter(dueAt)) {
            Duration grace = Duration.between(dueAt, releaseAt);
            for (Duration offset : offsets.stream().distinct().toList()) {
                if (offset.isNegative() || offset.isZero() || offset.compareTo(grace) >= 0) {
                    continue;
                }
                Instant raw = releaseAt.minus(offset);
                planned.add(new Planned(Duration.between(raw, dueAt), at(dueAt, raw, offset, zone)));
            }
        }
        for (Duration offset : offsets.stream().distinct().toList()) {
            if (offset.isNegative() || offset.compareTo(interval) >= 0) {
                continue;
            }
            Instant raw = dueAt.minus(offset);
            if (raw.isAfter(startedAt)) {
                planned.add(new Planned(offset, at(startedAt, raw, offset, zone)));
            }
        }
        planned.sort(Comparator.comparing(Planned::at).thenComparing(Planned::offset, Comparator.reverseOrder()));
        return planned;
    }

    /** Whether a planned reminder goes to both channels: the last one before {@code dueAt}, and every one after. */
    static boolean escalates(List<Planned> plan, Planned reminder, Instant dueAt) {
        if (!reminder.at().isBefore(dueAt)) {
            return true;
        }
        return plan.stream()
                .filter(p -> p.at().isBefore(dueAt))
                .map(Planned::at)
                .max(Comparator.naturalOrder())
                .map(last -> !reminder.at().isBefore(last))
                .orElse(false);
    }

    /** Whether a planned reminder lies in grace (after the deadline). */
    static boolean inGrace(Planned reminder, Instant dueAt) {
        return !reminder.at().isBefore(dueAt);
    }

    /** When the reminder due at {@code raw} goes out, for a deadline that started at {@code startedAt}. */
    static Instant at(Instant startedAt, Instant raw, Duration offset, ZoneId zone) {
        if (offset.compareTo(DAY_SCALE) < 0) {
            return raw;
        }
        Instant moved = latestDaytimeAtOrBefore(raw, zone);
        return moved.isAfter(startedAt) ? moved : raw;
    }

    /** {@code instant} itself when it lies in 09:00–20:00 local time, else the latest moment before it that does. */
    static Instant latestDaytimeAtOrBefore(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (!time.isBefore(DAY_STARTS) && !time.isAfter(DAY_ENDS)) {
            return instant;
        }
        LocalDate day = time.isBefore(DAY_STARTS) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        return day.atTime(DAY_ENDS).atZone(zone).toInstant();
    }

    /**
     * What a scan at {@code now} does with a deadline's plan, given the offsets already sent or passed
     * over. Nothing is handled twice, and every planned reminder is handled once when scans keep coming.
     */
    static Step step(List<Planned> plan, Collection<Duration> handled, Instant now) {
        List<Planned> due = plan.stream()
                .filter(p -> !p.at().isAfter(now))
                .filter(p -> !handled.contains(p.offset()))
                .toList();
        Instant next = plan.stream()
                .filter(p -> p.at().isAfter(now))
                .filter(p -> !handled.contains(p.offset()))
                .map(Planned::at)
                .findFirst()
                .orElse(null);
        if (due.isEmpty()) {
            return new Step(null, List.of(), next);
        }
        return new Step(due.get(due.size() - 1), due.subList(0, due.size() - 1), next);
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
