package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The second step of a TOTP login: a TOTP code or a recovery code. */
public record MfaLoginRequest(@NotBlank @Size(max = 128) String mfaToken, @NotBlank @Size(max = 32) String code) {
}
