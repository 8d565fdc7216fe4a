package dev.vigil.checkin;

import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/v1/me/check-in}. Durations are ISO-8601 strings and are parsed by the service, so
 * a bad one is reported against its own field. {@code interval} may only be left out when disabling;
 * {@code activity_counts} left out is false.
 */
public record CheckInRequest(
        @NotNull Boolean enabled,
        String interval,
        String gracePeriod,
        Boolean activityCounts) {
}
