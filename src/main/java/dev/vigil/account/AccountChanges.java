package dev.vigil.account;

import dev.vigil.common.patch.Change;

/** What a user asked to change on their own account; {@code null} members are unchanged. */
public record AccountChanges(
        Change<Boolean> autoRenewal,
        Change<AccountStatus> accountStatus,
        Change<String> accountStatusReason,
        Change<String> cancellationReason) {

    public boolean isEmpty() {
        return autoRenewal == null && accountStatus == null && accountStatusReason == null && cancellationReason == null;
    }
}
