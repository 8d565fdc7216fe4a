package dev.vigil.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.vigil.account.AccountStatus;

/**
 * The reminder rules over a sweep of the clock: every hour and some awkward minutes of several days
 * around each kind of daylight-saving change, in zones from UTC−12 to UTC+14 with half-hour and
 * 45-minute offsets, for intervals from the minimum to a year and offsets shorter, equal to and
 * longer than the interval. Every case must hold all of the properties below; a failure names the
 * case, so it can be replayed.
 */
class ReminderPlanningPropertyTest {

    private static final List<ZoneId> ZONES = List.of(
            ZoneOffset.UTC,
            ZoneId.of("Etc/GMT+12"), // UTC−12 all year
            ZoneId.of("Pacific/Kiritimati"), // UTC+14
            ZoneId.of("America/St_Johns"), // UTC−3:30, with DST
            ZoneId.of("Asia/Kathmandu"), // UTC+5:45
            ZoneId.of("Australia/Lord_Howe"), // UTC+10:30, 30-minute DST
            ZoneId.of("Pacific/Chatham"), // UTC+12:45, with DST
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"),
            ZoneId.of("America/Los_Angeles"),
            ZoneId.of("Australia/Sydney"),
            ZoneId.of("America/Santiago"));

    /**
     * Days around which starts are swept: the DST changes of 2026 in Europe (29 March, 25 October),
     * North America (8 March, 1 November), Australia (5 April, 4 October) and Chile (5 April, 6
     * September), and an ordinary winter day.
     */
    private static final List<LocalDate> AROUND = List.of(
            LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 29), LocalDate.of(2026, 4, 5),
            LocalDate.of(2026, 9, 6), LocalDate.of(2026, 10, 4), LocalDate.of(2026, 10, 25),
            LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 7));

    /** Besides every full hour (UTC), these minutes of each day. */
    private static final List<LocalTime> ODD_TIMES = List.of(LocalTime.of(0, 15), LocalTime.of(7, 59),
            LocalTime.of(8, 59, 59), LocalTime.of(12, 15), LocalTime.of(19, 59), LocalTime.of(20, 0, 0, 1_000),
            LocalTime.of(23, 59, 59));

    private static final List<Duration> INTERVALS = List.of(Duration.ofDays(1), Duration.ofHours(25),
            Duration.ofHours(36), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(8),
            Duration.ofDays(30), Duration.ofDays(365));

    private static final List<List<Duration>> OFFSET_SETS = List.of(
            List.of(Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO), // the default
            List.of(Duration.ofDays(1)),
            List.of(Duration.ofDays(2), Duration.ofDays(1), Duration.ofHours(1)),
            List.of(Duration.ofDays(8), Duration.ofDays(7)),
            List.of(Duration.ofHours(12), Duration.ofHours(1)),
            List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(1), Duration.ZERO));

    private static final Duration DAY = Duration.ofDays(1);
    private static final int MAX_REPORTED = 20;

    @Test
    void everyPlanHoldsEveryRuleOverTheSweep() {
        List<String> failures = new ArrayList<>();
        int[] cases = {0};
        sweep(c -> {
            cases[0]++;
            check(c, failures);
        });

        assertTrue(cases[0] > 300_000, "the sweep covers " + cases[0] + " cases");
        assertTrue(failures.isEmpty(), failures.size() + " failing cases, the first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(MAX_REPORTED, failures.size()))));
    }

    @Test
    void theSweepIncludesStartsAtWhichMovingWouldGoBeforeTheStart() {
        // The case of the bug this sweep was written for: 00:15 UTC, a user in UTC, P1DT1H. Moving the
        // P1D reminder (01:15) to 20:00 the evening before would lie before the switch was turned on.
        Instant start = Instant.parse("2026-12-07T00:15:00Z");
        Instant due = start.plus(Duration.ofHours(25));

        List<ReminderSchedule.Planned> plan = ReminderSchedule.plan(start, due, Duration.ofHours(25),
                OFFSET_SETS.get(0), ZoneOffset.UTC);

        assertEquals(List.of(Instant.parse("2026-12-07T01:15:00Z"), due),
                plan.stream().map(ReminderSchedule.Planned::at).toList());
        assertEquals("ok", CheckInService.status(checkIn(start, due), AccountStatus.ACTIVE, plan, start));
    }

    private record Case(Instant start, Duration interval, List<Duration> offsets, ZoneId zone) {
        Instant due() {
            return start.plus(interval);
        }

        @Override
        public String toString() {
            return "start=" + start + " interval=" + interval + " offsets=" + offsets + " zone=" + zone;
        }
    }

    private static void sweep(Consumer<Case> each) {
        for (LocalDate around : AROUND) {
            for (LocalDate day = around.minusDays(2); !day.isAfter(around.plusDays(1)); day = day.plusDays(1)) {
                List<LocalTime> times = new ArrayList<>(ODD_TIMES);
                for (int hour = 0; hour < 24; hour++) {
                    times.add(LocalTime.of(hour, 0));
                }
                for (LocalTime time : times) {
                    Instant start = day.atTime(time).toInstant(ZoneOffset.UTC);
                    for (ZoneId zone : ZONES) {
                        for (Duration interval : INTERVALS) {
                            for (List<Duration> offsets : OFFSET_SETS) {
                                each.accept(new Case(start, interval, offsets, zone));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(Case c, List<String> failures) {
        List<ReminderSchedule.Planned> plan = ReminderSchedule.plan(c.start(), c.due(), c.interval(), c.offsets(),
                c.zone());
        Consumer<String> fail = what -> {
            if (failures.size() < MAX_REPORTED * 5) {
                failures.add(c + ": " + what + " — plan " + plan);
            }
        };

        long expected = c.offsets().stream().distinct().filter(o -> o.compareTo(c.interval()) < 0).count();
        if (plan.size() != expected) {
            fail.accept("planned " + plan.size() + " reminders, expected one per offset shorter than the interval");
        }
        Instant previous = null;
        for (ReminderSchedule.Planned p : plan) {
            Instant raw = c.due().minus(p.offset());
            if (!p.at().isAfter(c.start())) {
                fail.accept(p + " is not after the start");
            }
            if (p.at().isAfter(c.due())) {
                fail.accept(p + " is after the deadline");
            }
            if (p.at().isAfter(raw)) {
                fail.accept(p + " was moved later than due − offset");
            }
            if (previous != null && p.at().isBefore(previous)) {
                fail.accept(p + " breaks the order");
            }
            previous = p.at();
            if (p.offset().compareTo(DAY) >= 0) {
                checkDaytime(c, p, raw, fail);
            } else if (!p.at().equals(raw)) {
                fail.accept(p + " is below a day yet was moved");
            }
        }
        checkOrderOfOffsets(plan, fail);
        checkStatus(c, plan, fail);
        checkScansHandleEachOnce(c, plan, c.start(), null, fail);
        Duration coarse = c.interval().dividedBy(20);
        checkScansHandleEachOnce(c, plan, c.start(), coarse.compareTo(Duration.ofHours(7)) > 0 ? coarse
                : Duration.ofHours(7), fail);
    }

    /** A larger offset never goes after a smaller one. */
    private static void checkOrderOfOffsets(List<ReminderSchedule.Planned> plan, Consumer<String> fail) {
        for (ReminderSchedule.Planned a : plan) {
            for (ReminderSchedule.Planned b : plan) {
                if (a.offset().compareTo(b.offset()) > 0 && a.at().isAfter(b.at())) {
                    fail.accept(a + " goes after the smaller offset " + b);
                }
            }
        }
    }

    /**
     * Inside 09:00–20:00 local wherever possible: a reminder at night must be at its unmoved time with
     * no daytime between the start and it; a moved one must be at the end of the latest daytime.
     */
    private static void checkDaytime(Case c, ReminderSchedule.Planned p, Instant raw, Consumer<String> fail) {
        LocalTime local = p.at().atZone(c.zone()).toLocalTime();
        boolean daytime = !local.isBefore(ReminderSchedule.DAY_STARTS) && !local.isAfter(ReminderSchedule.DAY_ENDS);
        if (!daytime) {
            if (!p.at().equals(raw)) {
                fail.accept(p + " is at night but not at its unmoved time");
            }
            Instant daytimeBetween = firstDaytimeMinute(c.start(), raw, c.zone());
            if (daytimeBetween != null) {
                fail.accept(p + " is at night though " + daytimeBetween + " (daytime) lies between the start and it");
            }
            return;
        }
        if (!p.at().equals(raw)) {
            if (!local.equals(ReminderSchedule.DAY_ENDS) || Duration.between(p.at(), raw).compareTo(Duration.ofHours(14)) > 0) {
                fail.accept(p + " was moved, but not to the end of the last daytime before " + raw);
            }
        }
    }

    /** The first whole local minute in 09:00–20:00 after {@code from} and not after {@code to}, or null. */
    private static Instant firstDaytimeMinute(Instant from, Instant to, ZoneId zone) {
        Instant limit = to.isAfter(from.plus(Duration.ofDays(2))) ? from.plus(Duration.ofDays(2)) : to;
        for (Instant t = from.plusSeconds(60 - from.getEpochSecond() % 60); !t.isAfter(limit); t = t.plusSeconds(60)) {
            LocalTime local = t.atZone(zone).toLocalTime();
            if (!local.isBefore(ReminderSchedule.DAY_STARTS) && !local.isAfter(ReminderSchedule.DAY_ENDS)) {
                return t;
            }
        }
        return null;
    }

    /** {@code ok} right after the start, {@code due} at the first reminder, {@code grace} at the deadline. */
    private static void checkStatus(Case c, List<ReminderSchedule.Planned> plan, Consumer<String> fail) {
        CheckIn checkIn = checkIn(c.start(), c.due());
        if (!"ok".equals(CheckInService.status(checkIn, AccountStatus.ACTIVE, plan, c.start()))
                || !"ok".equals(CheckInService.status(checkIn, AccountStatus.ACTIVE, plan, c.start().plusNanos(1_000)))) {
            fail.accept("status is not ok right after the start");
        }
        if (!plan.isEmpty() && !"due".equals(CheckInService.status(checkIn, AccountStatus.ACTIVE, plan, plan.get(0).at()))
                && plan.get(0).at().isBefore(c.due())) {
            fail.accept("status is not due at the first reminder");
        }
        if (!"grace".equals(CheckInService.status(checkIn, AccountStatus.ACTIVE, plan, c.due()))) {
            fail.accept("status is not grace at the deadline");
        }
    }

    /**
     * Scans the deadline as the scanner does, either exactly when it asks to be woken ({@code every}
     * null) or at a coarse fixed rhythm: every planned reminder is handled exactly once (sent, or passed
     * over when a later one came due with it), nothing is sent before it is due, and with exact wake-ups
     * nothing is passed over.
     */
    private static void checkScansHandleEachOnce(Case c, List<ReminderSchedule.Planned> plan, Instant from,
            Duration every, Consumer<String> fail) {
        Set<Duration> handled = new HashSet<>();
        List<Duration> handledInOrder = new ArrayList<>();
        Instant now = every == null ? plan.stream().map(ReminderSchedule.Planned::at).findFirst().orElse(null) : from;
        int scans = 0;
        while (now != null && !now.isAfter(c.due().plus(every == null ? Duration.ZERO : every)) && scans++ < 2_000) {
            ReminderSchedule.Step step = ReminderSchedule.step(plan, handled, now);
            if (step.send() != null) {
                if (step.send().at().isAfter(now)) {
                    fail.accept("sent " + step.send() + " before it was due, at " + now);
                }
                for (ReminderSchedule.Planned passed : step.passedOver()) {
                    if (every == null) {
                        fail.accept("passed over " + passed + " though every wake-up was kept");
                    }
                    handledInOrder.add(passed.offset());
                }
                handledInOrder.add(step.send().offset());
                handled.addAll(handledInOrder);
            } else if (!step.passedOver().isEmpty()) {
                fail.accept("passed over reminders without sending any");
            }
            now = every == null ? step.next() : now.plus(every);
        }
        List<Duration> plannedOffsets = plan.stream().map(ReminderSchedule.Planned::offset).toList();
        if (!handledInOrder.equals(plannedOffsets)) {
            fail.accept("scans" + (every == null ? "" : " every " + every) + " handled " + handledInOrder
                    + ", planned " + plannedOffsets);
        }
    }

    private static CheckIn checkIn(Instant start, Instant due) {
        CheckIn checkIn = new CheckIn();
        checkIn.enabled = true;
        checkIn.deadlineStartedAt = start;
        checkIn.nextDueAt = due;
        checkIn.intervalSeconds = Duration.between(start, due).getSeconds();
        return checkIn;
    }
}
