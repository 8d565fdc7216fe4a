package dev.vigil.account;

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
}
