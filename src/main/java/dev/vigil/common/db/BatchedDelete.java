package dev.vigil.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes the rows of one table that match a condition, a bounded batch per statement, so a large
 * backlog is never one long transaction holding many row locks. Safe with several instances: a
 * row two instances both pick is deleted once, the other statement just deletes fewer.
 */
public final class BatchedDelete {

    /** Rows per statement. */
    public static final int BATCH = 5_000;

    private BatchedDelete() {
    }

    /**
     * Deletes every row of {@code table} matching {@code condition} (SQL with {@code $1}, {@code $2}...
     * bound to {@code parameters}); the number of rows deleted.
     */
    public static Uni<Long> run(Pool pool, String table, String condition, Tuple parameters) {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + " WHERE " + condition + " LIMIT " + BATCH + "))";
        return next(pool, sql, parameters, 0);
    }

    private static Uni<Long> next(Pool pool, String sql, Tuple parameters, long sofar) {
        return pool.preparedQuery(sql)
                .execute(parameters)
                .chain(rows -> rows.rowCount() >= BATCH
                        ? next(pool, sql, parameters, sofar + rows.rowCount())
                        : Uni.createFrom().item(sofar + rows.rowCount()));
    }
}
