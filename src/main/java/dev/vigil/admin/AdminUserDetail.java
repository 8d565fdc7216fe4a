package dev.vigil.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vigil.account.AccountResponse;
import dev.vigil.checkin.CheckInResponse;

/**
 * A user as administrators see them: the user JSON with the account, the check-in state, the
 * lockout and ban facts, and who referred them. Never the admin PIN or whether one is set.
 *
 * @param checkIn the check-in state, as the user sees it in {@code GET /api/v1/me/check-in}
 */
public record AdminUserDetail(
        UUID id,
        String username,
        String email,
        @Schema(nullable = true) String pendingEmail,
        boolean emailVerified,
        @Schema(nullable = true) String displayName,
        @Schema(nullable = true) String phone,
        String timezone,
        String preferredContactMethod,
        List<String> roles,
        String referralCode,
        @Schema(nullable = true) UUID referredBy,
        @Schema(nullable = true) String referredByUsername,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant lastLoginAt,
        AccountResponse account,
        CheckInResponse checkIn,
        int failedAttempts,
        @Schema(nullable = true) Instant lockedUntil,
        @Schema(nullable = true) Instant bannedAt,
        @Schema(nullable = true) Instant bannedUntil,
        @Schema(nullable = true) String banReason) {

    AdminUserDetail withCheckIn(CheckInResponse state) {
        return new AdminUserDetail(id, username, email, pendingEmail, emailVerified, displayName, phone, timezone,
                preferredContactMethod, roles, referralCode, referredBy, referredByUsername, createdAt, updatedAt,
                lastLoginAt, account, state, failedAttempts, lockedUntil, bannedAt, bannedUntil, banReason);
    }
}
