package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Login sessions: starting them with a token pair, rotating refresh tokens, and revoking. Every
 * revocation takes effect on this instance at once and on the others through the database channel.
 */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final RevokedSessions revokedSessions;
    private final TokenIssuer issuer;
    private final TokenConfig config;
    private final Clock clock;
    private final AuthMetrics metrics;

    public SessionService(SessionRepository sessions, RevokedSessions revokedSessions, TokenIssuer issuer,
            TokenConfig config, Clock clock, AuthMetrics metrics) {
        this.sessions = sessions;
        this.revokedSessions = revokedSessions;
        this.issuer = issuer;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
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
        session.expiresAt = now.plus(config.refreshTtl());
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        return sessions.persist(session)
                .map(saved -> pair(new AccessToken(userId, saved.id, roles, emailVerified, tier), refreshToken));
    }

    /**
     * Exchanges a refresh token for a new pair in the same session. The presented token is spent;
     * presenting a spent token again revokes the whole session, since one of the two holders of
     * that token is not its owner.
     */
    public Uni<TokenPair> refresh(String refreshToken) {
        if (!RefreshTokens.isPlausible(refreshToken)) {
            metrics.refreshed(AuthMetrics.RefreshOutcome.INVALID);
            return Uni.createFrom().failure(invalidRefreshToken());
        }
        Instant now = clock.instant();
        byte[] presented = RefreshTokens.hash(refreshToken);
        String next = RefreshTokens.generate();
        return sessions.rotate(presented, RefreshTokens.hash(next), now, now.plus(config.refreshTtl()))
                .chain(row -> row == null ? revokeIfReused(presented, now) : issueRotated(row, next, now));
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

    private Uni<TokenPair> issueRotated(Row row, String refreshToken, Instant now) {
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
        TokenPair pair = pair(token, refreshToken);
        metrics.refreshed(AuthMetrics.RefreshOutcome.SUCCESS);
        return Uni.createFrom().item(pair);
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

    private Uni<TokenPair> revokeIfReused(byte[] presented, Instant now) {
        return sessions.revokeIfSpent(presented, now)
                .invoke(row -> {
                    if (row != null) {
                        forgetLocally(List.of(row.getUUID("id")), RevokeReason.REFRESH_REUSED);
                    }
                    metrics.refreshed(row == null ? AuthMetrics.RefreshOutcome.INVALID : AuthMetrics.RefreshOutcome.REUSED);
                })
                .chain(row -> Uni.createFrom().failure(invalidRefreshToken()));
    }

    private void forgetLocally(List<UUID> sessionIds, RevokeReason reason) {
        sessionIds.forEach(revokedSessions::add);
        metrics.revoked(reason, sessionIds.size());
    }

    private TokenPair pair(AccessToken token, String refreshToken) {
        return TokenPair.bearer(issuer.issue(token), config.accessTtl().toSeconds(), refreshToken,
                config.refreshTtl().toSeconds(), token.sessionId());
    }

    private static VigilException invalidRefreshToken() {
        return new VigilException(AuthError.INVALID_REFRESH_TOKEN, "The refresh token is not valid");
    }
}
