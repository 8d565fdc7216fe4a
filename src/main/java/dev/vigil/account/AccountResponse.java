package dev.vigil.account;

import java.time.Instant;
import java.util.UUID;

/** Account JSON of API.md. */
public record AccountResponse(
        UUID id,
        String subscriptionType,
        Instant subscriptionStartDate,
        Instant subscriptionEndDate,
        Instant billRenewDate,
        boolean autoRenewal,
        String accountStatus,
        String accountStatusReason,
        Instant cancellationDate,
        String cancellationReason,
        Instant createdAt,
        Instant updatedAt) {

    public static AccountResponse of(Account account) {
        return new AccountResponse(account.id, account.subscriptionType, account.subscriptionStartDate,
                account.subscriptionEndDate, account.billRenewDate, account.autoRenewal, account.accountStatusColumn,
                account.accountStatusReason, account.cancellationDate, account.cancellationReason,
                account.createdAt, account.updatedAt);
    }
}
