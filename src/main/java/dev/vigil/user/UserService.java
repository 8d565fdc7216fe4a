package dev.vigil.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** The user as the admin tools see them, or null when there is no such user. */
    @WithSession
    public Uni<AdminTarget> adminTarget(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : AdminTarget.of(user));
    }

    /** The stored hash of the user's admin PIN, or null when none is set. Never leaves the server. */
    @WithSession
    public Uni<String> adminPinHash(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : user.adminPinHash);
    }

    /** Sets (a hash) or clears ({@code null}) the admin PIN; joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> setAdminPinHash(UUID userId, String pinHash) {
        return users.update("adminPinHash = ?1, updatedAt = ?2 where id = ?3", pinHash, clock.instant(), userId)
                .replaceWithVoid();
    }

    /**
     * Replaces the user's roles ({@code user} is always kept; stored in the order user, admin,
     * superuser); joins the caller's transaction.
     */
    @WithTransaction
    public Uni<Void> setRoles(UUID userId, Set<String> roles) {
        String column = Stream.of(User.ROLE_USER, User.ROLE_ADMIN, User.ROLE_SUPERUSER)
                .filter(role -> role.equals(User.ROLE_USER) || roles.contains(role))
                .collect(Collectors.joining(","));
        return users.update("rolesColumn = ?1, updatedAt = ?2 where id = ?3", column, clock.instant(), userId)
                .replaceWithVoid();
    }

    /** Marks the email verified or not; joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> setEmailVerified(UUID userId, boolean verified) {
        return users.update("emailVerified = ?1, updatedAt = ?2 where id = ?3", verified, clock.instant(), userId)
                .replaceWithVoid();
    }

    /** Bans the user from now until {@code until} ({@code null}: for good); joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> ban(UUID userId, Instant until, String reason) {
        Instant now = clock.instant();
        return users.update("bannedAt = ?1, bannedUntil = ?2, banReason = ?3, updatedAt = ?1 where id = ?4",
                now, until, reason, userId)
                .replaceWithVoid();
    }

    /** Lifts a ban; true when there was one. Joins the caller's transaction. */
    @WithTransaction
    public Uni<Boolean> unban(UUID userId) {
        return users.update("bannedAt = null, bannedUntil = null, banReason = null, updatedAt = ?1"
                + " where id = ?2 and bannedAt is not null", clock.instant(), userId)
                .map(count -> count > 0);
    }

    /** Lifts a ban only if it has ended by now (the expiry job); true when it did. Joins the caller's transaction. */
    @WithTransaction
    public Uni<Boolean> unbanIfEnded(UUID userId) {
        Instant now = clock.instant();
        return users.update("bannedAt = null, bannedUntil = null, banReason = null, updatedAt = ?1"
                + " where id = ?2 and bannedUntil <= ?1", now, userId)
                .map(count -> count > 0);
    }

    /** Up to {@code limit} users whose timed ban has ended, oldest end first. */
    @WithSession
    public Uni<List<UUID>> endedBans(int limit) {
        return users.find("bannedUntil <= ?1 order by bannedUntil", clock.instant())
                .page(0, limit)
                .list()
                .map(list -> list.stream().map(user -> user.id).toList());
    }

    /** Deletes the user; the account, sessions and tokens go with it (cascades). Joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> delete(UUID userId) {
        return users.delete("id", userId)
                .replaceWithVoid();
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
