package dev.vigil.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of the admin user list. */
public record AdminUserSummary(UUID id, String username, String email, @Schema(nullable = true) String displayName,
        boolean emailVerified, List<String> roles, String accountStatus, String subscriptionType, Instant createdAt,
        @Schema(nullable = true) Instant lastLoginAt, @Schema(nullable = true) Instant lockedUntil,
        @Schema(nullable = true) Instant bannedUntil, boolean banned) {
}
