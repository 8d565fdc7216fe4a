package dev.vigil.checkin;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/me/check-in/snooze}: no reminders and no release until {@code until}. */
public record SnoozeRequest(@NotNull Instant until) {
}
