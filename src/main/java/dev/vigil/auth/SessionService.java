package dev.vigil.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import dev.vigil.user.UserChange;
import dev.vigil.user.UserLifecycle;
import dev.vigil.user.UserLifecycleListener;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Login sessions: starting them with a token pair, rotating refresh tokens, and revoking. Every
 * revocation takes effect on this instance at once and on the others through the database channel.
 */
@ApplicationScoped
public class SessionService implements UserLifecycleListener {

    /** The fact a revocation reports: how many sessions it ended. */
    static final String SESSIONS_REVOKED = "sessions_revoked";

    private final SessionRepository sessions;
    private final RevokedSessions revokedSessions;
    private final TokenIssuer issuer;
    private final TokenConfig config;
    private final SecurityEvents audit;
    private final Clock clock;
    private final AuthMetrics metrics;
    private final UserLifecycle lifecycle;

    /** Resolved once: the hot paths call them on every login, refresh and key use. */
    private final List<UserActivityListener> activity;

    public SessionService(SessionRepository sessions, RevokedSessions revokedSessions, TokenIssuer issuer,
            TokenConfig config, SecurityEvents audit, Clock clock, AuthMetrics metrics, UserLifecycle lifecycle,
            Instance<UserActivityListener> activity) {
        this.sessions = sessions;
        this.activity = activity.stream().toList();
        this.revokedSessions = revokedSessions;
        this.issuer = issuer;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    /** Starts a session for a user who just proved who they are; joins the caller's transaction. */
    @WithTransaction
    public Uni<TokenPair> start(UUID userId, Set<String> roles, boolean emailVerified, String tier, ClientInfo client) {
        Instant now = clock.instant();
        String refreshToken = RefreshTokens.generate();
        AuthSession session = new AuthSession();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.refreshTokenHash = RefreshTokens.hash(refreshToken);
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = now.plus(firstRefreshTtl());
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        return sessions.persist(session)
                .invoke(saved -> active(userId))
                .map(saved -> pair(new AccessToken(userId, saved.id, roles, emailVerified, tier), refreshToken,
                        saved.expiresAt, now));
    }

    /**
     * Exchanges a refresh token for a new pair in the same session. The presented token is spent;
     * presenting a spent token again revokes the whole session, since one of the two holders of
     * that token is not its owner, except within {@link TokenConfig#refreshReuseGrace()} of its
     * rotation: then it gets the session's current refresh token again (two tabs, a retry). No
     * refresh takes a session past {@link TokenConfig#sessionMaxAge()}.
     */
    public Uni<TokenPair> refresh(String refreshToken, ClientInfo client) {
        if (!RefreshTokens.isPlausible(refreshToken)) {
            metrics.refreshed(AuthMetrics.RefreshOutcome.INVALID);
            return Uni.createFrom().failure(invalidRefreshToken());
        }
        Instant now = clock.instant();
        byte[] presented = RefreshTokens.hash(refreshToken);
        String next = RefreshTokens.generate();
        return sessions.rotate(presented, RefreshTokens.hash(next), RefreshTokens.mask(next, refreshToken), now,
                        now.plus(config.refreshTtl()), config.sessionMaxAge())
                .chain(row -> row == null
                        ? presentedAgain(refreshToken, presented, now, client)
                        : issue(row, next, now, AuthMetrics.RefreshOutcome.SUCCESS));
    }

    /** The caller's live sessions (neither revoked nor expired), most recently used first. */
    public Uni<Page<SessionResponse>> list(Caller caller, PageParams params) {
        Instant now = clock.instant();
        Uni<List<SessionResponse>> items = sessions.livePage(caller.userId(), now, params.size, params.offset())
                .map(rows -> rows.stream()
                        .map(row -> SessionResponse.of(row, caller.sessionId()))
                        .toList());
        Uni<Long> total = sessions.countLive(caller.userId(), now);
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), params, both.getItem2()));
    }

    /** Ends the caller's own session (logout). */
    @WithTransaction
    public Uni<Void> logout(Caller caller, ClientInfo client) {
        return sessions.revoke(caller.sessionId(), caller.userId(), RevokeReason.LOGOUT, clock.instant())
                .call(ids -> revoked(caller, ids, RevokeReason.LOGOUT, client))
                .replaceWithVoid();
    }

    /**
     * Ends every session of the caller's user, this one included, and their API keys when asked
     * ({@code logout-all}): announced as a {@link UserChange}, so every feature that holds something
     * of the user acts in this transaction.
     */
    public Uni<Void> logoutAll(Caller caller, boolean includeApiKeys, ClientInfo client) {
        return Panache.withTransaction(() -> lifecycle
                .announce(new UserChange(caller.userId(), UserChange.Kind.SIGNED_OUT_EVERYWHERE, null, includeApiKeys))
                .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.SESSION_REVOKED, caller.userId(), client)
                        .with("reason", RevokeReason.LOGOUT_ALL.wire())
                        .with("count", facts.get(SESSIONS_REVOKED))
                        .with(facts))))
                .replaceWithVoid();
    }

    /**
     * Ends one of the caller's sessions, chosen from the session list. Another user's session, an
     * unknown one and one that already ended are all 404: the answer never tells which.
     */
    @WithTransaction
    public Uni<Void> end(Caller caller, UUID sessionId, ClientInfo client) {
        return sessions.revoke(sessionId, caller.userId(), RevokeReason.SESSION_DELETED, clock.instant())
                .invoke(ids -> {
                    if (ids.isEmpty()) {
                        throw new VigilException(CommonError.NOT_FOUND, "No such session");
                    }
                })
                .call(ids -> revoked(caller, ids, RevokeReason.SESSION_DELETED, client))
                .replaceWithVoid();
    }

    /** Ends one session of this user. */
    @WithTransaction
    public Uni<Void> revoke(UUID userId, UUID sessionId, RevokeReason reason) {
        return sessions.revoke(sessionId, userId, reason, clock.instant())
                .invoke(ids -> forgetLocally(ids, reason))
                .replaceWithVoid();
    }

    /** Ends every session of the user except {@code keep} (null: all); joins the caller's transaction. */
    @WithTransaction
    public Uni<Integer> revokeAll(UUID userId, UUID keep, RevokeReason reason) {
        return sessions.revokeAll(userId, keep, reason, clock.instant())
                .invoke(ids -> forgetLocally(ids, reason))
                .map(List::size);
    }

    /** Ends every session of these users, in one statement; joins the caller's transaction. */
    public Uni<Integer> revokeAllOf(Collection<UUID> userIds, RevokeReason reason) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return sessions.revokeAllOf(userIds, reason, clock.instant())
                .invoke(ids -> forgetLocally(ids, reason))
                .map(List::size);
    }

    /**
     * Whatever happened to the user, the sessions that must not outlive it end in the same
     * transaction: all of them, except the one that made the change when it is kept (a password
     * change ends the others).
     */
    @Override
    public Uni<Map<String, Object>> changed(UserChange change) {
        RevokeReason reason = switch (change.kind()) {
            case DELETED -> RevokeReason.USER_DELETED;
            case BANNED -> RevokeReason.BANNED;
            case ROLES_CHANGED -> RevokeReason.ADMIN;
            case PASSWORD_CHANGED -> RevokeReason.PASSWORD_CHANGED;
            case PASSWORD_RESET -> RevokeReason.PASSWORD_RESET;
            case EMAIL_CHANGED -> RevokeReason.EMAIL_CHANGED;
            case EMAIL_CHANGE_UNDONE -> RevokeReason.EMAIL_CHANGE_UNDONE;
            case SIGNED_OUT_EVERYWHERE -> RevokeReason.LOGOUT_ALL;
        };
        return sessions.revokeAll(change.userId(), change.keepSessionId(), reason, clock.instant())
                .invoke(ids -> forgetLocally(ids, reason))
                .map(ids -> Map.of(SESSIONS_REVOKED, ids.size(),
                        "session_ids", ids.stream().map(UUID::toString).toList()));
    }

    /** Forgets the revoked sessions here and records one event for them, in the revoking transaction. */
    private Uni<Void> revoked(Caller caller, List<UUID> ids, RevokeReason reason, ClientInfo client) {
        forgetLocally(ids, reason);
        return audit.record(SecurityEvent.of(SecurityEventType.SESSION_REVOKED, caller.userId(), client)
                .with("reason", reason.wire())
                .with("count", ids.size())
                .with("session_ids", ids.stream().map(UUID::toString).toList()));
    }

    private Uni<TokenPair> issue(Row row, String refreshToken, Instant now, AuthMetrics.RefreshOutcome outcome) {
        UUID sessionId = row.getUUID("id");
        UUID userId = row.getUUID("user_id");
        RevokeReason blocked = blockedReason(row, now);
        if (blocked != null) {
            // A ban or release revokes sessions; this only closes the gap if that ever failed.
            return Panache.withTransaction(() -> sessions.revokeAll(userId, null, blocked, now))
                    .invoke(ids -> forgetLocally(ids, blocked))
                    .invoke(() -> metrics.refreshed(AuthMetrics.RefreshOutcome.INVALID))
                    .chain(ignored -> Uni.createFrom().failure(invalidRefreshToken()));
        }
        AccessToken token = new AccessToken(userId, sessionId, Set.of(row.getString("roles").split(",")),
                row.getBoolean("email_verified"), row.getString("subscription_type"));
        TokenPair pair = pair(token, refreshToken, row.getOffsetDateTime("expires_at").toInstant(), now);
        metrics.refreshed(outcome);
        active(userId);
        return Uni.createFrom().item(pair);
    }

    /** A login or refresh succeeded: the user is alive (the check-in may count it). */
    private void active(UUID userId) {
        for (UserActivityListener listener : activity) {
            listener.active(userId);
        }
    }

    /** Why the session's user may not continue (banned, released), or null. */
    private static RevokeReason blockedReason(Row row, Instant now) {
        if ("fulfilled".equals(row.getString("account_status"))) {
            return RevokeReason.RELEASED;
        }
        OffsetDateTime bannedAt = row.getOffsetDateTime("banned_at");
        OffsetDateTime bannedUntil = row.getOffsetDateTime("banned_until");
        boolean banned = Bans.inForce(bannedAt == null ? null : bannedAt.toInstant(),
                bannedUntil == null ? null : bannedUntil.toInstant(), now);
        return banned ? RevokeReason.BANNED : null;
    }

    /**
     * A token that did not rotate: within the grace the token just replaced gets the session's
     * current one back, unchanged; any other spent token revokes its session; anything else is
     * simply invalid.
     */
    private Uni<TokenPair> presentedAgain(String refreshToken, byte[] presented, Instant now, ClientInfo client) {
        return sessions.reuse(presented, now, now.minus(config.refreshReuseGrace()), config.sessionMaxAge())
                .chain(row -> {
                    if (row == null) {
                        metrics.refreshed(AuthMetrics.RefreshOutcome.INVALID);
                        return Uni.createFrom().failure(invalidRefreshToken());
                    }
                    if (row.getBoolean("in_grace")) {
                        return reissue(row, refreshToken, now);
                    }
                    forgetLocally(List.of(row.getUUID("id")), RevokeReason.REFRESH_REUSED);
                    metrics.refreshed(AuthMetrics.RefreshOutcome.REUSED);
                    return recordReuse(row, client)
                            .chain(() -> Uni.createFrom().failure(invalidRefreshToken()));
                });
    }

    /** The session's current refresh token, unmasked with the one it replaced, and a new access token. */
    private Uni<TokenPair> reissue(Row row, String replaced, Instant now) {
        String current = RefreshTokens.unmask(bytes(row, "masked_refresh_token"), replaced);
        if (current == null || !Arrays.equals(RefreshTokens.hash(current), bytes(row, "refresh_token_hash"))) {
            metrics.refreshed(AuthMetrics.RefreshOutcome.INVALID);
            return Uni.createFrom().failure(invalidRefreshToken());
        }
        return issue(row, current, now, AuthMetrics.RefreshOutcome.GRACE);
    }

    /**
     * The revocation above committed on its own (no Hibernate transaction runs on the refresh path),
     * so its event is recorded on its own connection too. Whoever presented the token may be the
     * thief, so the event names no actor.
     */
    private Uni<Void> recordReuse(Row row, ClientInfo client) {
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.REFRESH_REUSED, row.getUUID("user_id"), client)
                .by(null)
                .failed()
                .with("session_id", row.getUUID("id")));
    }

    private static byte[] bytes(Row row, String column) {
        Buffer value = row.getBuffer(column);
        return value == null ? null : value.getBytes();
    }

    /** The first refresh period of a new session: the refresh TTL, or less when the session may not live as long. */
    private Duration firstRefreshTtl() {
        return config.refreshTtl().compareTo(config.sessionMaxAge()) < 0 ? config.refreshTtl() : config.sessionMaxAge();
    }

    private void forgetLocally(List<UUID> sessionIds, RevokeReason reason) {
        sessionIds.forEach(revokedSessions::add);
        metrics.revoked(reason, sessionIds.size());
    }

    /** The pair; {@code refresh_expires_in} counts to the session's real expiry, rounded up to the second. */
    private TokenPair pair(AccessToken token, String refreshToken, Instant refreshExpiresAt, Instant now) {
        long refreshSeconds = (Duration.between(now, refreshExpiresAt).toMillis() + 999) / 1000;
        return TokenPair.bearer(issuer.issue(token), config.accessTtl().toSeconds(), refreshToken,
                Math.max(0, refreshSeconds), token.sessionId());
    }

    private static VigilException invalidRefreshToken() {
        return new VigilException(AuthError.INVALID_REFRESH_TOKEN, "The refresh token is not valid");
    }
}
