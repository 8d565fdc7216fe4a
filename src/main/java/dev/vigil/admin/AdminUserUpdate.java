package dev.vigil.admin;

import java.time.Instant;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /api/v1/admin/users/{id}} as the OpenAPI document describes it; the request
 * itself is read by {@link AdminUserPatch}. Every member is optional.
 */
@Schema(name = "AdminUserUpdate", description = "Any of these members; absent ones stay as they are. Any other"
        + " member is 400 and nothing changes.")
public record AdminUserUpdate(
        @Schema(description = "The whole set of roles, each one of user, admin, superuser; must include user,"
                + " superuser needs admin; superusers only")
        Set<String> roles,
        Boolean emailVerified,
        AdminAccountUpdate account) {

    /** The nested {@code account} member of {@link AdminUserUpdate}. */
    @Schema(name = "AdminAccountUpdate", description = "Subscription members; every one is optional")
    public record AdminAccountUpdate(
            @Schema(enumeration = { "free", "basic", "premium" })
            String subscriptionType,
            Instant subscriptionEndDate,
            Instant billRenewDate) {
    }
}
