package dev.vigil.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vigil.account.AccountResponse;

/** User JSON of the API, with the nested account. */
public record UserResponse(
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
        boolean mfaEnabled,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant lastLoginAt,
        AccountResponse account) {

    static UserResponse of(User user, AccountResponse account, String referralCode) {
        return new UserResponse(user.id, user.username, user.email, user.pendingEmail, user.emailVerified,
                user.displayName, user.phone, user.timezone, user.preferredContactMethod, List.copyOf(user.roles()),
                referralCode, false, user.createdAt, user.updatedAt, user.lastLoginAt, account);
    }
}
