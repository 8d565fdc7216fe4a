package dev.vigil.checkin;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's check-in state as the API shows it. */
public record CheckInResponse(
        boolean enabled,
        @Schema(nullable = true) String interval,
        String gracePeriod,
        @Schema(nullable = true) Instant lastCheckInAt,
        @Schema(nullable = true) Instant nextDueAt,
        @Schema(nullable = true) Instant releaseAt,
        String status,
        List<ReminderResponse> reminders) {

    /**
     * One planned reminder of the current deadline; {@code sent_at} is null until it went out.
     * {@code skipped_at} is set instead when it came due together with a later reminder while the
     * service was not running, and only the later one was sent.
     */
    public record ReminderResponse(Instant at, String channel, @Schema(nullable = true) Instant sentAt,
            @Schema(nullable = true) Instant skippedAt) {
    }
}
