package dev.vigil.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of the admin user list. */
public record AdminUserSummary(UUID id, String username, String email, String displayName, boolean emailVerified,
        List<String> roles, String accountStatus, String subscriptionType, Instant createdAt, Instant lastLoginAt,
        Instant lockedUntil, Instant bannedUntil, boolean banned) {
}
