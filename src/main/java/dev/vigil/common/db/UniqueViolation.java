package dev.vigil.common.db;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;

import io.vertx.pgclient.PgException;

/**
 * Recognises a unique-constraint violation (SQLSTATE 23505) anywhere in a cause chain, whichever
 * layer raised it: the reactive SQL client ({@link PgException}, which carries the constraint's
 * name), Hibernate ({@link ConstraintViolationException}, whose name Hibernate read from the
 * message) or a plain {@link SQLException} (Hibernate Reactive turns the client's exception into
 * one with the same SQLSTATE and message, and drops the original).
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's (English) message: {@code duplicate key value violates unique constraint "name"}. */
    private static final Pattern NAMED = Pattern.compile("unique constraint \"([^\"]+)\"");
    /** A cause chain longer than this is not a chain but a loop. */
    private static final int MAX_DEPTH = 32;

    private UniqueViolation() {
    }

    /**
     * The violated constraint's (or unique index's) name, if {@code failure} is a unique violation
     * and some layer names it.
     */
    public static Optional<String> constraintOf(Throwable failure) {
        Layers found = layers(failure);
        return found.unique ? Optional.ofNullable(found.name) : Optional.empty();
    }

    /**
     * Whether {@code failure} is a violation of this unique constraint. Where no layer names the
     * constraint (a server that reports in another language), a message that mentions it counts.
     */
    public static boolean is(Throwable failure, String constraint) {
        Layers found = layers(failure);
        if (!found.unique) {
            return false;
        }
        if (found.name != null) {
            return found.name.equals(constraint);
        }
        return Pattern.compile("(^|[^A-Za-z0-9_])" + Pattern.quote(constraint) + "($|[^A-Za-z0-9_])")
                .matcher(found.messages)
                .find();
    }

    private static Layers layers(Throwable failure) {
        Layers found = new Layers();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof PgException pg) {
                if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                    found.add(pg.getConstraint(), pg.getMessage());
                }
            } else if (t instanceof ConstraintViolationException violation) {
                if (violation.getKind() == ConstraintKind.UNIQUE || UNIQUE_VIOLATION.equals(violation.getSQLState())) {
                    found.add(violation.getConstraintName(), violation.getMessage());
                }
            } else if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                found.add(named(sql.getMessage()), sql.getMessage());
            }
        }
        return found;
    }

    private static String named(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = NAMED.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    /** What the layers of one chain said: whether any is a unique violation, the first name given. */
    private static final class Layers {
        boolean unique;
        String name;
        final StringBuilder messages = new StringBuilder();

        void add(String constraint, String message) {
            unique = true;
            if (name == null && constraint != null && !constraint.isBlank()) {
                name = constraint;
            }
            if (message != null) {
                messages.append(message).append('\n');
            }
        }
    }
}
