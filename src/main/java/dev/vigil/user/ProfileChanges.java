package dev.vigil.user;

import dev.vigil.account.AccountChanges;
import dev.vigil.common.patch.Change;

/** A parsed {@code PATCH /api/v1/me}; {@code null} members are unchanged. */
record ProfileChanges(
        Change<String> displayName,
        Change<String> phone,
        Change<String> timezone,
        Change<String> preferredContactMethod,
        Change<String> email,
        /** The current password, which a new {@code email} needs (never stored, never logged). */
        String currentPassword,
        AccountChanges account) {
}
