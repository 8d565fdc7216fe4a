package dev.vigil.common.db;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** Reading reactive-client rows. */
public final class Rows {

    private Rows() {
    }

    /** A {@code timestamptz} column as an instant, or null. */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
