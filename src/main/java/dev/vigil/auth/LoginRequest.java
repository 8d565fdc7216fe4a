package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.vigil.ratelimit.RateLimitSubject;

public record LoginRequest(@NotBlank @Size(max = 254) String login, @NotNull @Size(max = 1024) String password)
        implements RateLimitSubject {

    /** Every spelling of one login shares a throttle, whether or not an account answers to it. */
    @Override
    public String rateLimitSubject() {
        return login;
    }
}
