package dev.vigil.user;

import jakarta.validation.constraints.NotBlank;

public record TokenRequest(@NotBlank String token) {
}
