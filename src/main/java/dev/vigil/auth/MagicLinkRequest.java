package dev.vigil.auth;

import jakarta.validation.constraints.NotBlank;

import dev.vigil.common.validation.Mailbox;
import dev.vigil.ratelimit.RateLimitSubject;

/** {@code POST /api/v1/auth/magic-link}: the address to mail a sign-in link to, if it has an account. */
public record MagicLinkRequest(@NotBlank @Mailbox String email) implements RateLimitSubject {

    @Override
    public String rateLimitSubject() {
        return email;
    }
}
