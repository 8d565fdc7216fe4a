package dev.vigil.user;

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
        String inviteToken) {
}
