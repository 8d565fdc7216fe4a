package dev.vigil.user;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.account.AccountService;
import dev.vigil.account.AccountStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** What other features may ask of users. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final AccountService accounts;
    private final Clock clock;

    public UserService(UserRepository users, AccountService accounts, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The user a login (username or email, any case) names, or null. */
    @WithSession
    public Uni<LoginSubject> findLoginSubject(String login) {
        return users.findByLogin(login)
                .chain(user -> user == null ? Uni.createFrom().nullItem() : accounts.findByUser(user.id)
                        .map(account -> new LoginSubject(user.id, user.passwordHash, user.roles(), user.emailVerified,
                                account.subscriptionType(), AccountStatus.FULFILLED.wire().equals(account.accountStatus()),
                                user.lockedUntil, user.bannedAt, user.bannedUntil, user.banReason)));
    }

    /** Records a completed login; {@code newPasswordHash} replaces the stored hash when not null. */
    @WithTransaction
    public Uni<Void> recordLogin(UUID userId, String newPasswordHash) {
        return users.findById(userId)
                .invoke(user -> {
                    user.lastLoginAt = clock.instant();
                    user.failedAttempts = 0;
                    user.lockLevel = 0;
                    if (newPasswordHash != null) {
                        user.passwordHash = newPasswordHash;
                    }
                })
                .replaceWithVoid();
    }
}
