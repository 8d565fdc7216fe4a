package dev.vigil.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox as a queue, in plain SQL on the reactive pool. Claiming takes due messages (and ones
 * whose lease ran out, from a dispatcher that died mid-send) with {@code FOR UPDATE SKIP LOCKED},
 * so any number of dispatchers share the work without sending a message twice in normal operation.
 */
@ApplicationScoped
class OutboxQueue {

    private static final String CLAIM = """
            WITH due AS (
                SELECT id FROM outbox
                WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)
                ORDER BY next_attempt_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE outbox o SET status = 'sending', lease_until = $3, attempts = o.attempts + 1, updated_at = $1
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.kind, o.template, o.recipient, o.user_id, o.payload, o.attempts, o.idempotency_key""";

    private static final String MARK_SENT = """
            UPDATE outbox SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL, updated_at = $2
            WHERE id = $1 AND status = 'sending'""";

    private static final String MARK_FAILED = """
            UPDATE outbox SET status = $2, next_attempt_at = $3, lease_until = NULL, last_error = $4, updated_at = $5
            WHERE id = $1 AND status = 'sending'""";

    /** Gives up on a message and, in the same statement, queues the admin webhook's outbox.dead call. */
    private static final String MARK_DEAD_AND_ANNOUNCE = """
            WITH dead AS (
                UPDATE outbox SET status = 'dead', next_attempt_at = $3, lease_until = NULL, last_error = $2, updated_at = $3
                WHERE id = $1 AND status = 'sending'
                RETURNING id
            )
            INSERT INTO outbox (id, kind, template, recipient, payload, status, attempts, next_attempt_at, created_at,
                                updated_at, idempotency_key)
            SELECT $4, 'webhook', 'outbox.dead', $5, $6, 'pending', 0, $3, $3, $3, CAST($4 AS varchar) FROM dead""";

    private static final String PURGE_SENT = "DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1";

    private static final String DEPTH = """
            SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                   count(*) FILTER (WHERE status = 'sending') AS sending,
                   count(*) FILTER (WHERE status = 'dead') AS dead,
                   min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending
            FROM outbox WHERE status IN ('pending', 'sending', 'dead')""";

    private static final String RELEASE = """
            UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = ?, updated_at = ?
            WHERE id = ANY(?) AND status = 'sending'""";

    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;
    private final DataSource dataSource;

    OutboxQueue(Pool pool, DataSource dataSource) {
        this.pool = pool;
        this.dataSource = dataSource;
    }

    /** A message claimed for sending: it is ours until {@code lease_until}. */
    record Claimed(UUID id, String kind, String template, String recipient, UUID userId, Map<String, Object> payload,
            int attempts, String idempotencyKey) {
    }

    Uni<List<Claimed>> claim(Instant now, int limit, Instant leaseUntil) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(utc(now), limit, utc(leaseUntil)))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(claimed(row)));
                    return claimed;
                });
    }

    private static String reason(String error) {
        return error == null ? "failed" : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
    }

    Uni<Void> markSent(UUID id, Instant now) {
        return pool.preparedQuery(MARK_SENT).execute(Tuple.of(id, utc(now))).replaceWithVoid();
    }

    /** Back to {@code pending} until {@code retryAt}, or {@code dead} when {@code retryAt} is null. */
    Uni<Void> markFailed(UUID id, Instant retryAt, String error, Instant now) {
        String status = retryAt == null ? "dead" : "pending";
        return pool.preparedQuery(MARK_FAILED)
                .execute(Tuple.of(id, status, utc(retryAt == null ? now : retryAt), reason(error), utc(now)))
                .replaceWithVoid();
    }

    /** Marks the message dead and queues {@code announcement} (a webhook payload) to {@code url}. */
    Uni<Void> markDeadAndAnnounce(UUID id, String error, Instant now, String url, Map<String, Object> announcement) {
        Tuple values = Tuple.of(id, reason(error), utc(now), UUID.randomUUID(), url, new JsonObject(announcement));
        return pool.preparedQuery(MARK_DEAD_AND_ANNOUNCE).execute(values).replaceWithVoid();
    }

    Uni<Integer> purgeSentBefore(Instant cutoff) {
        return pool.preparedQuery(PURGE_SENT).execute(Tuple.of(utc(cutoff))).map(rows -> rows.rowCount());
    }

    /** How many messages wait, are being sent, or died; and when the oldest waiting one was queued. */
    record Depth(long pending, long sending, long dead, Instant oldestPendingCreatedAt) {
    }

    Uni<Depth> depth() {
        return pool.query(DEPTH)
                .execute()
                .map(rows -> depth(rows.iterator().next()));
    }

    /**
     * Gives claimed messages back, due at once, for a dispatcher that stops before it sent them; the
     * attempt they were claimed for stays counted. Messages already marked sent or failed are left
     * alone. Blocking (JDBC, bounded by {@code timeoutSeconds}): only for shutdown, never on the event loop.
     *
     * @return how many messages were given back
     */
    int releaseBlocking(Collection<UUID> ids, Instant now, int timeoutSeconds) {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setQueryTimeout(timeoutSeconds);
            release.setObject(1, utc(now));
            release.setObject(2, utc(now));
            release.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
            return release.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release claimed outbox messages", e);
        }
    }

    private static Depth depth(Row row) {
        OffsetDateTime oldest = row.getOffsetDateTime("oldest_pending");
        return new Depth(row.getLong("pending"), row.getLong("sending"), row.getLong("dead"),
                oldest == null ? null : oldest.toInstant());
    }

    @SuppressWarnings("unchecked")
    private static Claimed claimed(Row row) {
        JsonObject payload = row.getJsonObject("payload");
        // Plain Java collections all the way down (nested arrays would otherwise stay JsonArray).
        Map<String, Object> facts = payload == null ? Map.of() : payload.mapTo(Map.class);
        return new Claimed(row.getUUID("id"), row.getString("kind"), row.getString("template"),
                row.getString("recipient"), row.getUUID("user_id"), facts,
                row.getInteger("attempts"), row.getString("idempotency_key"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
