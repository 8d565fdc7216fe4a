package dev.vigil.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** When reminders go out: offsets below the interval, day-scale ones pulled into the user's daytime. */
class ReminderScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final List<Duration> DEFAULT_OFFSETS = List.of(Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO);

    /** The reminder {@code offset} before {@code due}, for a deadline that started long before. */
    private static Instant at(Instant due, Duration offset, ZoneId zone) {
        return ReminderSchedule.at(due.minus(Duration.ofDays(30)), due.minus(offset), offset, zone);
    }

    @Test
    void dayScaleReminderAtNightMovesToEightPmTheDayBeforeAcrossTheSpringDstChange() {
        // Monday 30 March 2026, 08:00 in Berlin (CEST, UTC+2). Clocks went forward on Sunday 29 March.
        Instant due = Instant.parse("2026-03-30T06:00:00Z");

        // due − P1D is Sunday 08:00 CEST, before 09:00: moved to Saturday 20:00, which is still CET (UTC+1).
        assertEquals(Instant.parse("2026-03-28T19:00:00Z"), at(due, Duration.ofDays(1), BERLIN));
        // due − P7D is Monday 23 March 07:00 CET: moved to Sunday 22 March 20:00 CET.
        assertEquals(Instant.parse("2026-03-22T19:00:00Z"), at(due, Duration.ofDays(7), BERLIN));
    }

    @Test
    void dayScaleReminderLateInTheEveningMovesEarlierTheSameDayNeverLater() {
        // due − P1D is Saturday 28 March 2026, 22:30 CET (21:30Z): moved to 20:00 CET that day.
        Instant due = Instant.parse("2026-03-29T20:30:00Z");

        Instant at = at(due, Duration.ofDays(1), BERLIN);

        assertEquals(Instant.parse("2026-03-28T19:00:00Z"), at);
    }

    @Test
    void dayScaleReminderInDaytimeAndShortOffsetsStayWhereTheyAre() {
        Instant due = Instant.parse("2026-06-10T10:00:00Z"); // 12:00 CEST

        assertEquals(Instant.parse("2026-06-09T10:00:00Z"), at(due, Duration.ofDays(1), BERLIN));
        assertEquals(Instant.parse("2026-06-10T07:00:00Z"), at(due, Duration.ofHours(3), BERLIN),
                "offsets below a day are never moved");
        assertEquals(Instant.parse("2026-03-28T19:00:00Z"), at(Instant.parse("2026-03-29T23:30:00Z"),
                Duration.ofDays(1), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void onlyOffsetsShorterThanTheIntervalArePlannedInSendingOrder() {
        Instant due = Instant.parse("2026-06-10T12:00:00Z");

        List<ReminderSchedule.Planned> plan = ReminderSchedule.plan(due.minus(Duration.ofDays(7)), due, Duration.ofDays(7),
                DEFAULT_OFFSETS, ZoneOffset.UTC);

        assertEquals(List.of(Duration.ofDays(1), Duration.ZERO), plan.stream().map(ReminderSchedule.Planned::offset).toList());
        assertEquals(List.of(Instant.parse("2026-06-09T12:00:00Z"), due),
                plan.stream().map(ReminderSchedule.Planned::at).toList());
    }

    @Test
    void aMoveThatWouldGoBeforeTheStartOfTheDeadlineIsNotMade() {
        // Enabled at 21:00 in Berlin with a 1-day-10-hour interval: due − P1D is 07:00 the next morning,
        // and 20:00 the evening before lies before the switch was turned on.
        Instant start = Instant.parse("2026-06-10T19:00:00Z");
        Instant due = start.plus(Duration.ofHours(34));

        List<ReminderSchedule.Planned> plan = ReminderSchedule.plan(start, due, Duration.ofHours(34),
                List.of(Duration.ofDays(1)), BERLIN);

        assertEquals(List.of(Instant.parse("2026-06-11T05:00:00Z")), plan.stream().map(ReminderSchedule.Planned::at).toList());
    }

    @Test
    void aScanSendsTheLatestDueReminderAndPassesOverTheEarlierOnesOnce() {
        Instant due = Instant.parse("2026-06-10T12:00:00Z");
        List<ReminderSchedule.Planned> plan = ReminderSchedule.plan(due.minus(Duration.ofDays(10)), due,
                Duration.ofDays(10), DEFAULT_OFFSETS, ZoneOffset.UTC);

        ReminderSchedule.Step late = ReminderSchedule.step(plan, Set.of(), due.minus(Duration.ofHours(1)));
        ReminderSchedule.Step again = ReminderSchedule.step(plan, Set.of(Duration.ofDays(7), Duration.ofDays(1)),
                due.minus(Duration.ofHours(1)));

        assertEquals(Duration.ofDays(1), late.send().offset());
        assertEquals(List.of(Duration.ofDays(7)), late.passedOver().stream().map(ReminderSchedule.Planned::offset).toList());
        assertEquals(due, late.next());
        assertNull(again.send(), "nothing is handled twice");
        assertEquals(due, again.next());
    }

    @Test
    void anUnknownTimezoneCountsAsUtc() {
        assertEquals(ZoneOffset.UTC, ReminderSchedule.zone("Mars/Olympus_Mons"));
        assertEquals(BERLIN, ReminderSchedule.zone("Europe/Berlin"));
    }
}
