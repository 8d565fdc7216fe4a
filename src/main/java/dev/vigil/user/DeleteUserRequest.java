package dev.vigil.user;

import jakarta.validation.constraints.NotNull;

public record DeleteUserRequest(@NotNull String password) {
}
