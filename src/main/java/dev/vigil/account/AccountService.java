package dev.vigil.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.vigil.common.error.VigilException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The account that belongs to each user: created with the user, changed under the status rules. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final Instance<AccountStatusListener> listeners;
    private final Clock clock;

    public AccountService(AccountRepository accounts, Instance<AccountStatusListener> listeners, Clock clock) {
        this.accounts = accounts;
        this.listeners = listeners;
        this.clock = clock;
    }

    /**
     * Creates the free, active account of a new user with a fresh referral code of its own;
     * {@code referredBy} is the user whose code was given at registration (or null). Joins the
     * caller's transaction.
     */
    @WithTransaction
    public Uni<Account> createFor(UUID userId, UUID referredBy) {
        Instant now = clock.instant();
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.userId = userId;
        account.subscriptionType = Account.TIER_FREE;
        account.subscriptionStartDate = now;
        account.status(AccountStatus.ACTIVE);
        account.referralCode = ReferralCodes.generate();
        account.referredBy = referredBy;
        account.createdAt = now;
        account.updatedAt = now;
        return accounts.persist(account);
    }


    /**
     * Applies a user's own changes inside the caller's transaction. A refused status change fails
     * before anything is modified, and the failure rolls the caller's other changes back too.
     *
     * @return the account as it is now, and whether anything changed
     */
    @WithTransaction
    public Uni<AccountUpdate> applyUserChanges(UUID userId, AccountChanges changes) {
        return accounts.lockByUserId(userId)
                .chain(account -> {
                    AccountStatus before = account.status();
                    AccountUpdate update = new AccountUpdate(apply(account, changes), AccountResponse.of(account),
                            account.referralCode);
                    return tellListeners(userId, before, account.status())
                            .replaceWith(update);
                });
    }

    /** The user whose account has this referral code (any case), or null. */
    @WithSession
    public Uni<UUID> referrerOf(String referralCode) {
        return accounts.find("referralCode", ReferralCodes.normalize(referralCode))
                .firstResult()
                .map(account -> account == null ? null : account.userId);
    }

    /**
     * An administrator's change of the subscription fields; joins the caller's transaction.
     *
     * @return the names of the fields whose value really changed
     */
    @WithTransaction
    public Uni<List<String>> applyAdminChanges(UUID userId, AdminAccountChanges changes) {
        return accounts.lockByUserId(userId)
                .map(account -> {
                    List<String> changed = new ArrayList<>();
                    if (changes.subscriptionType() != null
                            && !changes.subscriptionType().value().equals(account.subscriptionType)) {
                        account.subscriptionType = changes.subscriptionType().value();
                        changed.add("subscription_type");
                    }
                    if (changes.subscriptionEndDate() != null
                            && !Objects.equals(changes.subscriptionEndDate().value(), account.subscriptionEndDate)) {
                        account.subscriptionEndDate = changes.subscriptionEndDate().value();
                        changed.add("subscription_end_date");
                    }
                    if (changes.billRenewDate() != null
                            && !Objects.equals(changes.billRenewDate().value(), account.billRenewDate)) {
                        account.billRenewDate = changes.billRenewDate().value();
                        changed.add("bill_renew_date");
                    }
                    if (!changed.isEmpty()) {
                        account.updatedAt = clock.instant();
                    }
                    return changed;
                });
    }

    /** The id of the user's account, or null when the user has none. */
    @WithTransaction
    public Uni<UUID> accountIdOf(UUID userId) {
        return accounts.findByUserId(userId)
                .map(account -> account == null ? null : account.id);
    }

    /** The account's status, or null when the user has none (deleted). */
    @WithTransaction
    public Uni<AccountStatus> statusOf(UUID userId) {
        return accounts.findByUserId(userId)
                .map(account -> account == null ? null : account.status());
    }

    /**
     * The account's status, its row locked until the caller's transaction ends (null when the user has
     * none). A job that will change the account and another feature's row takes the account's lock
     * first, in the same order as a user's own status change, so the two never wait for each other.
     */
    @WithTransaction
    public Uni<AccountStatus> lockStatus(UUID userId) {
        return accounts.lockByUserId(userId)
                .map(account -> account == null ? null : account.status());
    }

    /**
     * Marks an active account {@code fulfilled}: its check-in switch released it. Joins the caller's
     * transaction; true when the account was active and is fulfilled now.
     */
    @WithTransaction
    public Uni<Boolean> release(UUID userId, String reason) {
        return accounts.lockByUserId(userId)
                .map(account -> {
                    if (account == null || account.status() != AccountStatus.ACTIVE) {
                        return false;
                    }
                    account.status(AccountStatus.FULFILLED);
                    account.accountStatusReason = reason;
                    account.updatedAt = clock.instant();
                    return true;
                });
    }

    /** An account as a batch job sees it after locking it. */
    public record Held(UUID accountId, AccountStatus status) {
    }

    /**
     * Locks the accounts of these users that no other transaction holds (the others are left out, for
     * the job's next round), by user id; joins the caller's transaction.
     */
    public Uni<Map<UUID, Held>> lockFree(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return accounts.lockFreeByUserIds(userIds)
                .map(rows -> {
                    Map<UUID, Held> held = new HashMap<>();
                    for (Object[] row : rows) {
                        held.put(UUID.fromString((String) row[0]), new Held(UUID.fromString((String) row[1]),
                                AccountStatus.fromWire((String) row[2]).orElseThrow()));
                    }
                    return held;
                });
    }

    /**
     * Like {@link #release}, for many accounts (locked by the caller) in one statement; the users whose
     * account was active and is fulfilled now.
     */
    public Uni<Set<UUID>> releaseAll(Collection<UUID> userIds, String reason) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return accounts.changeStatus(userIds, AccountStatus.ACTIVE.wire(), AccountStatus.FULFILLED.wire(), reason,
                        clock.instant())
                .map(ids -> ids.stream().map(UUID::fromString).collect(Collectors.toSet()));
    }

    /** Turns a released ({@code fulfilled}) account back to {@code active}; anything else is a 409. */
    @WithTransaction
    public Uni<Void> reauthorize(UUID userId) {
        return accounts.lockByUserId(userId)
                .invoke(account -> {
                    if (account == null || account.status() != AccountStatus.FULFILLED) {
                        throw new VigilException(AccountError.INVALID_STATE_TRANSITION,
                                "Only a released account can be re-authorized");
                    }
                    account.status(AccountStatus.ACTIVE);
                    account.accountStatusReason = null;
                    account.updatedAt = clock.instant();
                })
                .replaceWithVoid();
    }

    private Uni<Void> tellListeners(UUID userId, AccountStatus before, AccountStatus after) {
        if (before == after) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AccountStatusListener listener : listeners) {
            chain = chain.chain(() -> listener.statusChanged(userId, before, after));
        }
        return chain;
    }

    private static void checkUserChanges(Account account, AccountChanges changes) {
        if (changes.accountStatus() == null) {
            return;
        }
        AccountStatus target = changes.accountStatus().value();
        AccountStatus current = account.status();
        if (target != current && !current.userMayChangeTo(target)) {
            throw new VigilException(AccountError.INVALID_STATE_TRANSITION,
                    "An account cannot go from " + current.wire() + " to " + target.wire());
        }
    }

    /** Applies accepted changes; true when any value really differs from what was stored. */
    private boolean apply(Account account, AccountChanges changes) {
        checkUserChanges(account, changes);
        Instant now = clock.instant();
        boolean changed = false;
        if (changes.autoRenewal() != null && changes.autoRenewal().value() != account.autoRenewal) {
            account.autoRenewal = changes.autoRenewal().value();
            changed = true;
        }
        if (changes.accountStatus() != null && changes.accountStatus().value() != account.status()) {
            AccountStatus target = changes.accountStatus().value();
            account.status(target);
            if (target == AccountStatus.CANCELLED) {
                account.cancellationDate = now;
            }
            changed = true;
        }
        if (changes.accountStatusReason() != null && !Objects.equals(changes.accountStatusReason().value(), account.accountStatusReason)) {
            account.accountStatusReason = changes.accountStatusReason().value();
            changed = true;
        }
        if (changes.cancellationReason() != null && !Objects.equals(changes.cancellationReason().value(), account.cancellationReason)) {
            account.cancellationReason = changes.cancellationReason().value();
            changed = true;
        }
        if (changed) {
            account.updatedAt = now;
        }
        return changed;
    }
}
