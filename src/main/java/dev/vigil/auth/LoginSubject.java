package dev.vigil.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** What logging in needs to know about the user a login names. */
public record LoginSubject(
        UUID userId,
        String passwordHash,
        Set<String> roles,
        boolean emailVerified,
        String tier,
        boolean released,
        /** The later of the account-wide lock and the lock of the address the login comes from; null for none. */
        Instant lockedUntil,
        Instant bannedAt,
        Instant bannedUntil,
        String banReason,
        /** TOTP is on: a second factor completes the login. */
        boolean mfaEnabled) {

    /** The same subject once its address is known to be verified. */
    LoginSubject verified() {
        return new LoginSubject(userId, passwordHash, roles, true, tier, released, lockedUntil, bannedAt, bannedUntil,
                banReason, mfaEnabled);
    }
}
