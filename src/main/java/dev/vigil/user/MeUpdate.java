package dev.vigil.user;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /api/v1/me} as the OpenAPI document describes it. The request itself is read
 * by {@link ProfilePatchParser}, which tells an absent member from a {@code null} one; this type only
 * names the members for generated clients. Every member is optional.
 */
@Schema(name = "MeUpdate", description = "Any of these members; absent ones stay as they are. Read-only or"
        + " unknown members are 400 and nothing changes.")
public record MeUpdate(
        @Schema(type = SchemaType.STRING, nullable = true, maxLength = 100, description = "null clears it")
        String displayName,
        @Schema(type = SchemaType.STRING, nullable = true, description = "E.164, e.g. +4915112345678; null clears it")
        String phone,
        @Schema(description = "IANA time zone, e.g. Europe/Berlin")
        String timezone,
        @Schema(enumeration = { "email", "sms" }, description = "The channel for check-in reminders")
        String preferredContactMethod,
        @Schema(format = "email", description = "A new address: it becomes pending_email until the link mailed to it"
                + " is opened; needs current_password")
        String email,
        @Schema(description = "Required with email, refused without it")
        String currentPassword,
        MeAccountUpdate account) {

    /** The nested {@code account} member of {@link MeUpdate}. */
    @Schema(name = "MeAccountUpdate", description = "Account members the user may change; every one is optional")
    public record MeAccountUpdate(
            Boolean autoRenewal,
            @Schema(enumeration = { "active", "paused", "cancelled" },
                    description = "active↔paused, and active or paused → cancelled; anything else is 409")
            String accountStatus,
            @Schema(type = SchemaType.STRING, nullable = true)
            String accountStatusReason,
            @Schema(type = SchemaType.STRING, nullable = true)
            String cancellationReason) {
    }
}
