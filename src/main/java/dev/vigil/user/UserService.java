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

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** What other features may ask of users. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final UserLifecycle lifecycle;
    private final NotificationService notifications;
    private final SecurityEvents audit;
    private final Clock clock;

    public UserService(UserRepository users, UserLifecycle lifecycle, NotificationService notifications,
            SecurityEvents audit, Clock clock) {
        this.users = users;
        this.lifecycle = lifecycle;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    /** The user as the admin tools see them, or null when there is no such user. */
    @WithSession
    public Uni<AdminTarget> adminTarget(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : AdminTarget.of(user));
    }

    /**
     * Replaces the user's roles ({@code user} is always kept; stored in the order user, admin,
     * superuser) and announces it, so tokens with the old roles stop working; joins the caller's
     * transaction. The facts are what the announcement's listeners did.
     */
    @WithTransaction
    public Uni<Map<String, Object>> setRoles(UUID userId, Set<String> roles) {
        String column = Stream.of(User.ROLE_USER, User.ROLE_ADMIN, User.ROLE_SUPERUSER)
                .filter(role -> role.equals(User.ROLE_USER) || roles.contains(role))
                .collect(Collectors.joining(","));
        return users.update("rolesColumn = ?1, updatedAt = ?2 where id = ?3", column, clock.instant(), userId)
                .chain(() -> lifecycle.announce(UserChange.of(userId, UserChange.Kind.ROLES_CHANGED)));
    }

    /** Marks the email verified or not; joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> setEmailVerified(UUID userId, boolean verified) {
        return users.update("emailVerified = ?1, updatedAt = ?2 where id = ?3", verified, clock.instant(), userId)
                .replaceWithVoid();
    }

    /**
     * Bans the user from now until {@code until} ({@code null}: for good) and announces it, so their
     * sessions end with it; joins the caller's transaction. The facts are what the listeners did.
     */
    @WithTransaction
    public Uni<Map<String, Object>> ban(UUID userId, Instant until, String reason) {
        Instant now = clock.instant();
        return users.update("bannedAt = ?1, bannedUntil = ?2, banReason = ?3, updatedAt = ?1 where id = ?4",
                now, until, reason, userId)
                .chain(() -> lifecycle.announce(UserChange.of(userId, UserChange.Kind.BANNED)));
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

    /**
     * Deletes the user and everything they own (the account, sessions, keys and tokens go with the row
     * by cascade), in one transaction: the deletion is announced (sessions end on every instance),
     * recorded as {@code user.deleted} by {@code actorId} (the user, an admin), queued mail about the
     * user is forgotten, and only the notice that the account was deleted is left to send. The
     * security events stay (the trail has no foreign key). The one path for the user's own deletion
     * and an admin's.
     */
    public Uni<Void> delete(UUID userId, UUID actorId, ClientInfo client) {
        return Panache.withTransaction(() -> users.findById(userId)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : lifecycle.announce(UserChange.of(userId, UserChange.Kind.DELETED))
                                .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.USER_DELETED, userId, client)
                                        .by(actorId)
                                        .with("username", user.username)
                                        .with(facts)))
                                .call(() -> notifications.forgetUser(userId))
                                .call(() -> notifications.queueMail(MailTemplate.ACCOUNT_DELETED, userId, user.email,
                                        Map.of("username", user.username)))
                                .call(() -> users.delete("id", userId))
                                .replaceWithVoid()));
    }

    /**
     * Fails with 403 {@code verification-required} unless the user's address is verified: what an
     * unverified account may not do yet (API keys, a second factor, trusted contacts, the check-in)
     * would let whoever registered someone else's address dig in before its owner arrives.
     */
    @WithSession
    public Uni<Void> requireVerified(UUID userId) {
        return users.findById(userId)
                .invoke(user -> {
                    if (user == null || !user.emailVerified) {
                        throw new VigilException(CommonError.VERIFICATION_REQUIRED,
                                "Confirm your email address first: follow the link in the mail we sent");
                    }
                })
                .replaceWithVoid();
    }

    /** The user's username, or null when the user is gone. */
    @WithSession
    public Uni<String> usernameOf(UUID userId) {
        return users.findById(userId)
                .map(user -> user == null ? null : user.username);
    }

    /** The user a login names (username or email, any case), or null. */
    @WithSession
    public Uni<UserContact> findByLogin(String login) {
        return users.findByLogin(login)
                .map(user -> user == null ? null : UserContact.of(user));
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
