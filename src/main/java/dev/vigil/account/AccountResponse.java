package dev.vigil.account;

import static dev.vigil.common.db.Rows.instant;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vertx.mutiny.sqlclient.Row;

/** Account JSON of the API. */
public record AccountResponse(
        UUID id,
        String subscriptionType,
        Instant subscriptionStartDate,
        @Schema(nullable = true) Instant subscriptionEndDate,
        @Schema(nullable = true) Instant billRenewDate,
        boolean autoRenewal,
        String accountStatus,
        @Schema(nullable = true) String accountStatusReason,
        @Schema(nullable = true) Instant cancellationDate,
        @Schema(nullable = true) String cancellationReason,
        Instant createdAt,
        Instant updatedAt) {

    public static AccountResponse of(Account account) {
        return new AccountResponse(account.id, account.subscriptionType, account.subscriptionStartDate,
                account.subscriptionEndDate, account.billRenewDate, account.autoRenewal, account.accountStatusColumn,
                account.accountStatusReason, account.cancellationDate, account.cancellationReason,
                account.createdAt, account.updatedAt);
    }

    /**
     * From a row of a read that joins {@code accounts} under its own column names, except {@code id},
     * {@code created_at} and {@code updated_at}, which it names {@code account_id},
     * {@code account_created_at} and {@code account_updated_at} (the user's columns carry those names).
     */
    public static AccountResponse of(Row row) {
        return new AccountResponse(row.getUUID("account_id"), row.getString("subscription_type"),
                instant(row, "subscription_start_date"), instant(row, "subscription_end_date"),
                instant(row, "bill_renew_date"), row.getBoolean("auto_renewal"), row.getString("account_status"),
                row.getString("account_status_reason"), instant(row, "cancellation_date"),
                row.getString("cancellation_reason"), instant(row, "account_created_at"),
                instant(row, "account_updated_at"));
    }
}
