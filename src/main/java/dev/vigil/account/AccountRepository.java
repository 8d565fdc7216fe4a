package dev.vigil.account;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    public Uni<Account> findByUserId(UUID userId) {
        return find("userId", userId).firstResult();
    }

    /**
     * The user's account, its row locked until the transaction ends ({@code FOR UPDATE}), for a change
     * that decides from the current status: two such changes at once run one after the other, each
     * seeing what the other did.
     */
    public Uni<Account> lockByUserId(UUID userId) {
        return find("userId", userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Locks the accounts of these users that nobody else holds, in the order of their user ids (two
     * batch jobs then never wait for each other in a cycle); each row as (user id, account id, status).
     */
    Uni<List<Object[]>> lockFreeByUserIds(Collection<UUID> userIds) {
        return getSession().chain(s -> s.createNativeQuery("SELECT CAST(user_id AS varchar), CAST(id AS varchar),"
                + " account_status FROM accounts WHERE user_id IN (:users) ORDER BY user_id FOR UPDATE SKIP LOCKED",
                Object[].class)
                .setParameter("users", userIds)
                .getResultList());
    }

    /** Moves these users' accounts from {@code from} to {@code to}, in one statement; the user ids moved. */
    Uni<List<String>> changeStatus(Collection<UUID> userIds, String from, String to, String reason, Instant now) {
        return getSession().chain(s -> s.createNativeQuery("UPDATE accounts SET account_status = :to,"
                + " account_status_reason = :reason, updated_at = :now WHERE user_id IN (:users) AND account_status = :from"
                + " RETURNING CAST(user_id AS varchar)", String.class)
                .setParameter("to", to)
                .setParameter("reason", reason)
                .setParameter("now", now)
                .setParameter("users", userIds)
                .setParameter("from", from)
                .getResultList());
    }
}
