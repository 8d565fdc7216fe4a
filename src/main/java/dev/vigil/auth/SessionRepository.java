package dev.vigil.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sessions. Revocations are single SQL statements that also announce each revoked id on
 * {@link RevocationListener#CHANNEL}; PostgreSQL delivers the announcement when (and only if) the
 * surrounding transaction commits. Refresh-token rotation, the hot path, is one statement on the
 * reactive pool; a spent token presented again costs one more.
 */
@ApplicationScoped
class SessionRepository implements PanacheRepositoryBase<AuthSession, UUID> {

    private static final String NOTIFY = "pg_notify('" + RevocationListener.CHANNEL + "', id::text)";

    private static final String REVOKE_ONE = "WITH revoked AS (UPDATE sessions SET revoked_at = :now, revoke_reason = :reason"
            + " WHERE id = :id AND user_id = :user AND revoked_at IS NULL RETURNING id)"
            + " SELECT CAST(id AS varchar) FROM revoked, LATERAL " + NOTIFY + " AS n";

    private static final String REVOKE_ALL = "WITH revoked AS (UPDATE sessions SET revoked_at = :now, revoke_reason = :reason"
            + " WHERE user_id = :user AND revoked_at IS NULL AND id <> :keep RETURNING id)"
            + " SELECT CAST(id AS varchar) FROM revoked, LATERAL " + NOTIFY + " AS n";

    private static final String REVOKE_ALL_OF_USERS = "WITH revoked AS (UPDATE sessions SET revoked_at = :now,"
            + " revoke_reason = :reason WHERE user_id IN (:users) AND revoked_at IS NULL RETURNING id)"
            + " SELECT CAST(id AS varchar) FROM revoked, LATERAL " + NOTIFY + " AS n";

    // $5 is the session's absolute lifetime in seconds: a rotation never extends a session past it.
    // The replaced token's hash, the time, and the new token masked under the replaced one ($6) are
    // kept for the reuse grace (see REUSE).
    private static final String ROTATE = """
            WITH rotated AS (
                UPDATE sessions SET refresh_token_hash = $2, last_used_at = $3,
                       expires_at = LEAST($4, created_at + CAST($5 AS bigint) * interval '1 second'),
                       previous_refresh_token_hash = $1, rotated_at = $3, masked_refresh_token = $6
                WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > $3
                  AND created_at + CAST($5 AS bigint) * interval '1 second' > $3
                RETURNING id, user_id, expires_at
            ), spent AS (
                INSERT INTO spent_refresh_tokens (token_hash, session_id, spent_at)
                SELECT $1, id, $3 FROM rotated
            )
            SELECT r.id, r.user_id, r.expires_at, u.roles, u.email_verified, a.subscription_type,
                   a.account_status, u.banned_at, u.banned_until
            FROM rotated r JOIN users u ON u.id = r.user_id JOIN accounts a ON a.user_id = r.user_id""";

    /*
     * A spent refresh token presented again, in one statement. The token that the session's last
     * rotation replaced, presented after $3 (now minus the grace), gets the session's row
     * with its current token, masked: nothing is written, so that token stays the only usable one.
     * Any other spent token, or this one after the grace, revokes the session. No row: not a spent
     * token of a live session. $4 is the session's absolute lifetime in seconds.
     */
    private static final String REUSE = """
            WITH presented AS (
                SELECT session_id FROM spent_refresh_tokens WHERE token_hash = $1
            ), grace AS (
                SELECT s.id, s.user_id, s.expires_at, s.refresh_token_hash, s.masked_refresh_token FROM sessions s
                WHERE s.id = (SELECT session_id FROM presented)
                  AND s.previous_refresh_token_hash = $1 AND s.rotated_at > $3
                  AND s.revoked_at IS NULL AND s.expires_at > $2
                  AND s.created_at + CAST($4 AS bigint) * interval '1 second' > $2
            ), revoked AS (
                UPDATE sessions SET revoked_at = $2, revoke_reason = '%s'
                WHERE id = (SELECT session_id FROM presented) AND revoked_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM grace)
                RETURNING id, user_id
            )
            SELECT true AS in_grace, g.id, g.user_id, g.expires_at, g.refresh_token_hash, g.masked_refresh_token,
                   u.roles, u.email_verified, a.subscription_type, a.account_status, u.banned_at, u.banned_until
            FROM grace g JOIN users u ON u.id = g.user_id JOIN accounts a ON a.user_id = g.user_id
            UNION ALL
            SELECT false, r.id, r.user_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM revoked r, LATERAL %s AS n""".formatted(RevokeReason.REFRESH_REUSED.wire(), NOTIFY);

    private static final String LIVE_OF_USER = "SELECT id, created_at, last_used_at, ip, user_agent FROM sessions"
            + " WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2"
            + " ORDER BY last_used_at DESC, id LIMIT $3 OFFSET $4";

    private static final String COUNT_LIVE_OF_USER = "SELECT count(*) FROM sessions"
            + " WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2";

    private final Pool pool;

    SessionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Revokes one session of this user; the ids actually revoked (none if it was not live). */
    Uni<List<UUID>> revoke(UUID sessionId, UUID userId, RevokeReason reason, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(REVOKE_ONE, String.class)
                .setParameter("now", now)
                .setParameter("reason", reason.wire())
                .setParameter("id", sessionId)
                .setParameter("user", userId)
                .getResultList())
                .map(SessionRepository::toIds);
    }

    /** Revokes every live session of the user except {@code keep} (may be null). */
    Uni<List<UUID>> revokeAll(UUID userId, UUID keep, RevokeReason reason, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(REVOKE_ALL, String.class)
                .setParameter("now", now)
                .setParameter("reason", reason.wire())
                .setParameter("user", userId)
                .setParameter("keep", keep == null ? new UUID(0, 0) : keep)
                .getResultList())
                .map(SessionRepository::toIds);
    }

    /** Ends every live session of these users in one statement; the ids ended. Joins the caller's transaction. */
    Uni<List<UUID>> revokeAllOf(Collection<UUID> userIds, RevokeReason reason, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(REVOKE_ALL_OF_USERS, String.class)
                .setParameter("now", now)
                .setParameter("reason", reason.wire())
                .setParameter("users", userIds)
                .getResultList())
                .map(SessionRepository::toIds);
    }

    /**
     * Rotates a refresh token in one statement; null when it is not a live current token. The new
     * expiry is {@code expiresAt}, but never later than the session's creation plus {@code maxAge}.
     * {@code maskedNext} is the new token masked under the presented one, kept for the reuse grace.
     */
    Uni<Row> rotate(byte[] presentedHash, byte[] nextHash, byte[] maskedNext, Instant now, Instant expiresAt,
            Duration maxAge) {
        return pool.preparedQuery(ROTATE)
                .execute(Tuple.of(presentedHash, nextHash, now.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC),
                        maxAge.toSeconds(), maskedNext))
                .map(SessionRepository::firstOrNull);
    }

    /**
     * A spent refresh token presented again: its session's row with {@code in_grace} true (and the
     * current token, masked) when the last rotation replaced it after {@code graceStart};
     * otherwise its session is revoked and announced ({@code in_grace} false, id and user id only).
     * Null when it is no spent token of a live session.
     */
    Uni<Row> reuse(byte[] presentedHash, Instant now, Instant graceStart, Duration maxAge) {
        return pool.preparedQuery(REUSE)
                .execute(Tuple.of(presentedHash, now.atOffset(ZoneOffset.UTC), graceStart.atOffset(ZoneOffset.UTC),
                        maxAge.toSeconds()))
                .map(SessionRepository::firstOrNull);
    }

    /** A page of the user's live sessions (not revoked, not expired), most recently used first. */
    Uni<List<Row>> livePage(UUID userId, Instant now, int size, long offset) {
        return pool.preparedQuery(LIVE_OF_USER)
                .execute(Tuple.of(userId, now.atOffset(ZoneOffset.UTC), size, offset))
                .map(rows -> {
                    List<Row> list = new ArrayList<>(rows.size());
                    rows.forEach(list::add);
                    return list;
                });
    }

    /** How many live sessions the user has. */
    Uni<Long> countLive(UUID userId, Instant now) {
        return pool.preparedQuery(COUNT_LIVE_OF_USER)
                .execute(Tuple.of(userId, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Row firstOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private static List<UUID> toIds(List<String> ids) {
        return ids.stream().map(UUID::fromString).toList();
    }
}
