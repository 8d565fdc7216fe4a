package dev.vigil.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * The subscription and status side of a user, exactly one per user, created with it. A flush writes
 * only the columns that changed ({@link DynamicUpdate}); a change that depends on the current status
 * reads the row locked ({@link AccountRepository#lockByUserId}).
 */
@Entity
@Table(name = "accounts")
@DynamicUpdate
public class Account {

    public static final String TIER_FREE = "free";

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    public String subscriptionType;

    public Instant subscriptionStartDate;

    public Instant subscriptionEndDate;

    public Instant billRenewDate;

    public boolean autoRenewal;

    @Column(name = "account_status")
    public String accountStatusColumn;

    public String accountStatusReason;

    public Instant cancellationDate;

    public String cancellationReason;

    /** The account's own code, which others may give when they register. Unique. */
    public String referralCode;

    /** The user whose referral code this account's user gave at registration, if any. */
    public UUID referredBy;

    public Instant createdAt;

    public Instant updatedAt;

    public AccountStatus status() {
        return AccountStatus.fromWire(accountStatusColumn).orElseThrow();
    }

    public void status(AccountStatus status) {
        accountStatusColumn = status.wire();
    }
}
