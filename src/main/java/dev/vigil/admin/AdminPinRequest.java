package dev.vigil.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/me/admin-pin}. */
public record AdminPinRequest(
        @NotNull @Size(max = 256) String password,
        @NotNull @Pattern(regexp = "[0-9]{4,12}", message = "must be 4 to 12 digits") String pin) {
}
