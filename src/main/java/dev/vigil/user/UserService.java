package dev.vigil.user;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.password.PasswordHasher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** What other features may ask of users. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final ProfileReader reader;
    private final PasswordHasher hasher;
    private final Clock clock;

    public UserService(UserRepository users, ProfileReader reader, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.reader = reader;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** The same as {@link #findLoginSubject(String)}, by user id (the second step of a login). */
    public Uni<LoginSubject> findLoginSubject(UUID userId) {
        return reader.loginSubject(userId);
    }

    /** The user's username, or null when the user is gone. */
    @WithSession
    public Uni<String> usernameOf(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : user.username);
    }

    /** Fails with 400 {@code wrong-password} unless {@code password} is the user's (hashing on the worker pool). */
    public Uni<Void> requirePassword(UUID userId, String password) {
        return reader.loginSubject(userId)
                .chain(subject -> hasher.verify(password, subject == null ? null : subject.passwordHash()))
                .invoke(check -> {
                    if (!check.matches()) {
                        throw new VigilException(UserError.WRONG_PASSWORD, "The password is not right");
                    }
                })
                .replaceWithVoid();
    }

    /** The user a login (username or email, any case) names, or null. One query, no entity load. */
    public Uni<LoginSubject> findLoginSubject(String login) {
        return reader.loginSubject(login);
    }

    /**
     * Records a completed login in one statement; {@code newPasswordHash} replaces the stored hash
     * when not null. Joins the caller's transaction.
     */
    @WithTransaction
    public Uni<Void> recordLogin(UUID userId, String newPasswordHash) {
        return users.update("lastLoginAt = ?1, failedAttempts = 0, lockLevel = 0,"
                + " passwordHash = coalesce(?2, passwordHash) where id = ?3", clock.instant(), newPasswordHash, userId)
                .replaceWithVoid();
    }

    /** How to reach the user, or null; joins the caller's session. */
    @WithSession
    public Uni<UserContact> contactOf(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : UserContact.of(user));
    }

    /** How to reach each of these users (missing ones are left out); one query, joins the caller's session. */
    @WithSession
    public Uni<Map<UUID, UserContact>> contactsOf(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return users.list("id in ?1", List.copyOf(userIds))
                .map(found -> found.stream()
                        .map(UserContact::of)
                        .collect(Collectors.toMap(UserContact::userId, Function.identity())));
    }
}
