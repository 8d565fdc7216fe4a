package dev.vigil.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/v1/me/admin-pin}. A new PIN has 6 to 12 digits; shorter PINs set before
 * this rule keep working until changed (a right one asks for a change on each admin write).
 */
public record AdminPinRequest(
        @NotNull @Size(max = 256) String password,
        @NotNull @Pattern(regexp = "[0-9]{6,12}", message = "must be 6 to 12 digits") String pin) {
}
