package dev.vigil.auth;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vigil.ratelimit.RateLimitSubject;

/**
 * Asks for the options of a passkey sign-in. Without {@code login} any passkey of the site may
 * answer (discoverable credentials); with it, the options list that user's passkeys.
 */
public record PasskeyLoginOptionsRequest(
        @Schema(nullable = true, description = "Username or email; absent or null for a discoverable passkey")
        @Size(max = 254) String login) implements RateLimitSubject {

    @Override
    public String rateLimitSubject() {
        return login;
    }
}
