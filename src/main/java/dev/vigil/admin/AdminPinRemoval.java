package dev.vigil.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code DELETE /api/v1/me/admin-pin}. */
public record AdminPinRemoval(@NotNull @Size(max = 256) String password) {
}
