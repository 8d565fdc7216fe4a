package dev.vigil.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record ForgotUsernameRequest(@NotBlank @Size(max = 254) String email) {
}
