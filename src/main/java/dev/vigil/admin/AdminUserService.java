package dev.vigil.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.account.AccountService;
import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.auth.Lockout;
import dev.vigil.checkin.CheckInService;
import dev.vigil.common.db.BackgroundRounds;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.notify.AdminWebhook;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.user.AdminTarget;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What administrators do to users. Every write has passed the acting admin's PIN before it gets here
 * ({@code @RequiresAdminPin} on the endpoints); each then checks that the user exists (404), then the
 * role rules: an admin never bans, demotes or deletes themself, and only a superuser changes roles or
 * acts on another admin (403 forbidden).
 * A role change ends the user's sessions, so the new roles hold from their next request on.
 */
@ApplicationScoped
public class AdminUserService {

    private static final Logger LOG = Logger.getLogger(AdminUserService.class);
    private static final int BAN_EXPIRY_BATCH = 100;

    private final AdminUserQueries queries;
    private final UserService users;
    private final AccountService accounts;
    private final NotificationService notifications;
    private final AdminWebhook webhook;
    private final SecurityEvents events;
    private final Lockout lockout;
    private final CheckInService checkIns;
    private final Clock clock;

    public AdminUserService(AdminUserQueries queries, UserService users, AccountService accounts,
            NotificationService notifications, AdminWebhook webhook, SecurityEvents events,
            Lockout lockout, CheckInService checkIns, Clock clock) {
        this.queries = queries;
        this.users = users;
        this.accounts = accounts;
        this.notifications = notifications;
        this.webhook = webhook;
        this.events = events;
        this.lockout = lockout;
        this.checkIns = checkIns;
        this.clock = clock;
    }

    public Uni<Page<AdminUserSummary>> list(String q, String status, String role, String verified, String tier,
            String sort, PageParams page) {
        return Uni.createFrom().item(() -> filter(q, status, role, verified, tier, sort))
                .chain(filter -> queries.search(filter, page));
    }

    public Uni<AdminUserDetail> detail(UUID userId) {
        return queries.detail(userId)
                .map(AdminUserService::found)
                .chain(detail -> checkIns.state(userId)
                        .map(detail::withCheckIn));
    }

    /** Applies an admin's changes and answers the user as it is afterwards. */
    public Uni<AdminUserDetail> update(Actor actor, UUID userId, AdminUserPatch patch) {
        return guard(actor, userId, false)
                .invoke(target -> checkRoleChange(actor, target, patch.roles()))
                .chain(target -> Panache.withTransaction(() -> apply(actor, target, patch)))
                .chain(() -> detail(userId));
    }

    public Uni<Void> ban(Actor actor, UUID userId, BanRequest request) {
        Instant now = clock.instant();
        if (request.until() != null && !request.until().isAfter(now)) {
            return Uni.createFrom().failure(VigilException.invalidField("until", "must be in the future"));
        }
        String reason = request.reason().strip();
        return guard(actor, userId, true)
                .chain(target -> Panache.withTransaction(() -> users.ban(userId, request.until(), reason)
                        .call(facts -> events.record(SecurityEvent.of(SecurityEventType.USER_BANNED, userId, actor.client())
                                .by(actor.id())
                                .with("reason", reason)
                                .with("until", request.until() == null ? null : request.until().toString())
                                .with(facts)))
                        .call(() -> notifications.queueMail(MailTemplate.USER_BANNED, userId, target.email(),
                                banFacts(target, request.until(), reason)))
                        .call(() -> webhook.announce("user.banned", banSummary(target, request.until()),
                                banData(target, actor.id(), request.until(), reason)))
                        .replaceWithVoid()));
    }

    public Uni<Void> unban(Actor actor, UUID userId) {
        return guard(actor, userId, false)
                .chain(target -> Panache.withTransaction(() -> users.unban(userId)
                        .call(lifted -> lifted
                                ? events.record(SecurityEvent.of(SecurityEventType.USER_UNBANNED, userId, actor.client())
                                        .by(actor.id()))
                                : Uni.createFrom().voidItem())))
                .replaceWithVoid();
    }

    /** Clears the lock and the failure count; the lockout records {@code account.unlocked} by the admin. */
    public Uni<Void> unlock(Actor actor, UUID userId) {
        return guard(actor, userId, false)
                .chain(target -> lockout.unlock(userId, actor.id(), actor.client()));
    }

    /**
     * Turns a released account back to active and restarts its check-in clock (409 for any other
     * status); the check-in feature records {@code account.reauthorized} by the admin.
     */
    public Uni<Void> reauthorize(Actor actor, UUID userId) {
        return guard(actor, userId, false)
                .chain(target -> checkIns.reauthorize(userId, actor.id()));
    }

    /** The one deletion sequence of {@link UserService#delete}, by the admin. */
    public Uni<Void> delete(Actor actor, UUID userId) {
        return guard(actor, userId, true)
                .chain(target -> users.delete(userId, actor.id(), actor.client()));
    }

    /** Lifts timed bans that have ended; each one is recorded with no actor. */
    @Scheduled(every = "${vigil.admin.ban-expiry-every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireBans() {
        return BackgroundRounds.retriedNextRound(users.endedBans(BAN_EXPIRY_BATCH)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::expireBan)
                .collect().asList()
                .invoke(lifted -> LOG.debugf("Lifted %d ended bans", lifted.size())), LOG, "Lifting ended bans");
    }

    /** Lifts one ended ban (the job; also callable by tests that move the clock). */
    Uni<Boolean> expireBan(UUID userId) {
        return Panache.withTransaction(() -> users.unbanIfEnded(userId)
                .call(lifted -> lifted
                        ? events.record(SecurityEvent.of(SecurityEventType.USER_UNBANNED, userId, ClientInfo.NONE)
                                .by(null)
                                .with("reason", "expired"))
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(Actor actor, AdminTarget target, AdminUserPatch patch) {
        List<String> changed = new ArrayList<>();
        Uni<Void> work = Uni.createFrom().voidItem();
        if (patch.roles() != null && !patch.roles().equals(target.roles())) {
            work = work
                    .chain(() -> users.setRoles(target.id(), patch.roles()))
                    .call(facts -> events.record(SecurityEvent.of(SecurityEventType.ADMIN_ROLE_CHANGED, target.id(),
                            actor.client()).by(actor.id())
                            .with("from", sorted(target.roles()))
                            .with("to", sorted(patch.roles()))
                            .with(facts)))
                    .call(() -> webhook.announce("admin.role-changed",
                            "Roles of " + target.username() + " changed from " + sorted(target.roles()) + " to "
                                    + sorted(patch.roles()),
                            roleData(target, actor.id(), patch.roles())))
                    .replaceWithVoid();
        }
        if (patch.emailVerified() != null) {
            changed.add("email_verified");
            work = work.call(() -> users.setEmailVerified(target.id(), patch.emailVerified()));
        }
        return work
                .chain(() -> accounts.applyAdminChanges(target.id(), patch.account()))
                .invoke(changed::addAll)
                .call(() -> changed.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : events.record(SecurityEvent.of(SecurityEventType.PROFILE_UPDATED, target.id(), actor.client())
                                .by(actor.id())
                                .with("changed", List.copyOf(changed))))
                .replaceWithVoid();
    }

    /** Existence, then whom the actor may touch (the PIN was checked before the request got here). */
    private Uni<AdminTarget> guard(Actor actor, UUID userId, boolean notOnSelf) {
        boolean self = actor.id().equals(userId);
        if (self && notOnSelf) {
            return Uni.createFrom().failure(new VigilException(CommonError.FORBIDDEN,
                    "Admins cannot ban or delete themselves"));
        }
        return users.adminTarget(userId)
                .map(AdminUserService::found)
                .invoke(target -> {
                    if (!self && !actor.superuser() && (target.roles().contains(Roles.ADMIN)
                            || target.roles().contains(Roles.SUPERUSER))) {
                        throw new VigilException(CommonError.FORBIDDEN, "Only a superuser acts on other admins");
                    }
                });
    }

    private static void checkRoleChange(Actor actor, AdminTarget target, Set<String> roles) {
        if (roles == null || roles.equals(target.roles())) {
            return;
        }
        if (!actor.superuser()) {
            throw new VigilException(CommonError.FORBIDDEN, "Only a superuser grants or removes roles");
        }
        if (actor.id().equals(target.id())) {
            throw new VigilException(CommonError.FORBIDDEN, "Admins cannot change their own roles");
        }
    }

    private static UserFilter filter(String q, String status, String role, String verified, String tier,
            String sort) {
        String query = q == null || q.isBlank() ? null : q.strip();
        if (query != null && query.length() > 100) {
            throw VigilException.invalidField("q", "must be at most 100 characters");
        }
        if (status != null && !Set.of("active", "paused", "cancelled", "fulfilled").contains(status)) {
            throw VigilException.invalidField("status", "must be one of active, paused, cancelled, fulfilled");
        }
        if (role != null && !AdminUserPatch.ROLES.contains(role)) {
            throw VigilException.invalidField("role", "must be one of user, admin, superuser");
        }
        if (verified != null && !verified.equals("true") && !verified.equals("false")) {
            throw VigilException.invalidField("verified", "must be true or false");
        }
        if (tier != null && !AdminUserPatch.TIERS.contains(tier)) {
            throw VigilException.invalidField("tier", "must be one of free, basic, premium");
        }
        String order = sort == null ? "-created_at" : sort;
        if (!AdminUserQueries.SORTS.containsKey(order)) {
            throw VigilException.invalidField("sort",
                    "must be one of created_at, -created_at, username, -username, last_login_at, -last_login_at");
        }
        return new UserFilter(query, status, role, verified == null ? null : Boolean.valueOf(verified), tier, order);
    }

    private static <T> T found(T value) {
        if (value == null) {
            throw new VigilException(CommonError.NOT_FOUND, "No such user");
        }
        return value;
    }

    /** Roles in their fixed order (user, admin, superuser), comma-separated. */
    private static String sorted(Set<String> roles) {
        return String.join(",", Stream.of(Roles.USER, Roles.ADMIN, Roles.SUPERUSER).filter(roles::contains).toList());
    }

    private static Map<String, Object> banFacts(AdminTarget target, Instant until, String reason) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("username", target.username());
        facts.put("reason", reason);
        if (until != null) {
            facts.put("until", until.toString());
        }
        return facts;
    }

    private static String banSummary(AdminTarget target, Instant until) {
        return "User " + target.username() + " was banned " + (until == null ? "permanently" : "until " + until);
    }

    private static Map<String, Object> banData(AdminTarget target, UUID actorId, Instant until, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", target.id().toString());
        data.put("username", target.username());
        data.put("actor_id", actorId.toString());
        data.put("until", until == null ? null : until.toString());
        data.put("reason", reason);
        return data;
    }

    private static Map<String, Object> roleData(AdminTarget target, UUID actorId, Set<String> roles) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", target.id().toString());
        data.put("username", target.username());
        data.put("actor_id", actorId.toString());
        data.put("from", List.of(sorted(target.roles()).split(",")));
        data.put("to", List.of(sorted(roles).split(",")));
        return data;
    }
}
