package dev.vigil.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private static final String PURGE_SENT = "DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1";

    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;

    OutboxQueue(Pool pool) {
        this.pool = pool;
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

    Uni<Void> markSent(UUID id, Instant now) {
        return pool.preparedQuery(MARK_SENT).execute(Tuple.of(id, utc(now))).replaceWithVoid();
    }

    /** Back to {@code pending} until {@code retryAt}, or {@code dead} when {@code retryAt} is null. */
    Uni<Void> markFailed(UUID id, Instant retryAt, String error, Instant now) {
        String status = retryAt == null ? "dead" : "pending";
        String reason = error == null ? "failed" : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
        return pool.preparedQuery(MARK_FAILED)
                .execute(Tuple.of(id, status, utc(retryAt == null ? now : retryAt), reason, utc(now)))
                .replaceWithVoid();
    }

    Uni<Integer> purgeSentBefore(Instant cutoff) {
        return pool.preparedQuery(PURGE_SENT).execute(Tuple.of(utc(cutoff))).map(rows -> rows.rowCount());
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

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
