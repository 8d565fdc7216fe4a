package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.vigil.ratelimit.RateLimitSubject;

public record ForgotPasswordRequest(@NotBlank @Size(max = 254) String login) implements RateLimitSubject {

    @Override
    public String rateLimitSubject() {
        return login;
    }
}
