package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;

/** The token from the link in an account-locked mail. */
public record UnlockRequest(@NotBlank String token) {
}
