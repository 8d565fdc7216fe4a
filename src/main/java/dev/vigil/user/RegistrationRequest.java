package dev.vigil.user;

import dev.vigil.ratelimit.RateLimitSubject;

/** Body of {@code POST /api/v1/auth/register}. */
public record RegistrationRequest(
        String username,
        String email,
        String password,
        String displayName,
        String timezone,
        String phone,
        String preferredContactMethod,
        String referralCode,
        String inviteToken) implements RateLimitSubject {

    /** Registrations are throttled per address too: each one mails it. */
    @Override
    public String rateLimitSubject() {
        return email;
    }
}
