package dev.vigil.checkin;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's check-in state as the API shows it. */
public record CheckInResponse(
        boolean enabled,
        @Schema(nullable = true) String interval,
        String gracePeriod,
        boolean activityCounts,
        @Schema(nullable = true) Instant lastCheckInAt,
        @Schema(nullable = true) Instant nextDueAt,
        @Schema(nullable = true) Instant releaseAt,
        @Schema(nullable = true) Instant snoozedUntil,
        @Schema(enumeration = { "ok", "due", "grace", "released", "paused", "snoozed", "disabled" }) String status,
        List<ReminderResponse> reminders) {

    /**
     * One planned reminder of the current deadline; {@code sent_at} is null until it went out.
     * {@code skipped_at} is set instead when it came due together with a later reminder while the
     * service was not running, and only the later one was sent. {@code channel} is the one the user
     * prefers; {@code channels} lists both when the reminder escalates (the last one before the
     * deadline and those in grace, for a user with an address and a phone number).
     */
    public record ReminderResponse(Instant at, String channel, List<String> channels,
            @Schema(nullable = true) Instant sentAt, @Schema(nullable = true) Instant skippedAt) {
    }
}
