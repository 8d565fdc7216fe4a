package dev.vigil.quota;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The shared counters: one statement adds every instance's deltas and returns the totals. */
@ApplicationScoped
class QuotaRepository {

    // Rows arrive sorted by key, so two instances flushing at once lock them in the same order.
    private static final String ADD = """
            INSERT INTO quota_counters (subject_id, window_seconds, window_start, requests)
            SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::bigint[])
            ON CONFLICT (subject_id, window_seconds, window_start)
            DO UPDATE SET requests = quota_counters.requests + EXCLUDED.requests
            RETURNING subject_id, window_seconds, window_start, requests""";

    private static final String FORGET = "DELETE FROM quota_counters WHERE window_start < $1";

    private final Pool pool;

    QuotaRepository(Pool pool) {
        this.pool = pool;
    }

    /** One window's delta to add. */
    record Delta(UUID subject, int windowSeconds, Instant windowStart, long requests) {
    }

    /** A window's total over every instance after the addition. */
    record Total(UUID subject, int windowSeconds, Instant windowStart, long requests) {
    }

    Uni<List<Total>> add(List<Delta> deltas) {
        UUID[] subjects = deltas.stream().map(Delta::subject).toArray(UUID[]::new);
        Integer[] seconds = deltas.stream().map(Delta::windowSeconds).toArray(Integer[]::new);
        OffsetDateTime[] starts = deltas.stream().map(d -> d.windowStart().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        Long[] requests = deltas.stream().map(Delta::requests).toArray(Long[]::new);
        return pool.preparedQuery(ADD).execute(Tuple.of(subjects, seconds, starts, requests))
                .map(QuotaRepository::totals);
    }

    /** Drops counters of windows that started before {@code before}. */
    Uni<Void> forgetBefore(Instant before) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static List<Total> totals(RowSet<Row> rows) {
        List<Total> totals = new ArrayList<>(rows.size());
        for (Row row : rows) {
            totals.add(new Total(row.getUUID("subject_id"), row.getInteger("window_seconds"),
                    row.getOffsetDateTime("window_start").toInstant(), row.getLong("requests")));
        }
        return totals;
    }
}
