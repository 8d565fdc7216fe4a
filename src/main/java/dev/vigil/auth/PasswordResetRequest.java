package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public record PasswordResetRequest(@NotBlank String token, @NotNull String newPassword) {
}
