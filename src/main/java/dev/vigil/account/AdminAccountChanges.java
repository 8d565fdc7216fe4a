package dev.vigil.account;

import java.time.Instant;

import dev.vigil.common.patch.Change;

/**
 * The account fields an administrator may change; a {@code null} member is absent (unchanged).
 * {@code subscriptionType} is one of {@code free, basic, premium} (checked by the caller).
 */
public record AdminAccountChanges(Change<String> subscriptionType, Change<Instant> subscriptionEndDate,
        Change<Instant> billRenewDate) {

    public static final AdminAccountChanges NONE = new AdminAccountChanges(null, null, null);
}
