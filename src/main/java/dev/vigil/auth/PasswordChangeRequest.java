package dev.vigil.auth;

import jakarta.validation.constraints.NotNull;

public record PasswordChangeRequest(@NotNull String currentPassword, @NotNull String newPassword) {
}
