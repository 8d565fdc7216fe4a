package dev.vigil.checkin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/check-in}: the token from a reminder link. */
public record CheckInTokenRequest(@NotBlank @Size(max = 128) String token) {
}
