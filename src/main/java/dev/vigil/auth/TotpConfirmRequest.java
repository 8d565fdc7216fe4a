package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record TotpConfirmRequest(@NotBlank @Size(max = 32) String code) {
}
