package dev.vigil.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.vigil.ratelimit.RateLimitSubject;

public record ForgotUsernameRequest(@NotBlank @Size(max = 254) String email) implements RateLimitSubject {

    @Override
    public String rateLimitSubject() {
        return email;
    }
}
