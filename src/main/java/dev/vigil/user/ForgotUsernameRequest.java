package dev.vigil.user;

import jakarta.validation.constraints.NotBlank;

import dev.vigil.common.validation.Mailbox;
import dev.vigil.ratelimit.RateLimitSubject;

public record ForgotUsernameRequest(@NotBlank @Mailbox String email) implements RateLimitSubject {

    @Override
    public String rateLimitSubject() {
        return email;
    }
}
