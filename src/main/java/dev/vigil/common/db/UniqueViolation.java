package dev.vigil.common.db;

import java.util.Optional;

import io.vertx.pgclient.PgException;

/** Recognises a unique-constraint violation (SQLSTATE 23505) anywhere in a cause chain. */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    /** The violated constraint's (or unique index's) name, if {@code failure} is a unique violation. */
    public static Optional<String> constraintOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return Optional.ofNullable(pg.getConstraint());
            }
        }
        return Optional.empty();
    }

    public static boolean is(Throwable failure, String constraint) {
        return constraintOf(failure).filter(constraint::equals).isPresent();
    }
}
