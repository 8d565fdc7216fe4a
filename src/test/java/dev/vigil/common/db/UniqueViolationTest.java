package dev.vigil.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * A duplicate key is recognised in the shape each layer really raises it: the reactive SQL client,
 * Hibernate Reactive (which keeps only SQLSTATE and message) and JDBC. The failures come from a
 * real PostgreSQL, not from hand-built exceptions.
 */
@QuarkusTest
class UniqueViolationTest {

    private static final String CONSTRAINT = "unique_violation_probe_uk";

    @Inject
    DataSource dataSource;
    @Inject
    Pool pool;

    @BeforeEach
    void createProbeTable() {
        Db.update(dataSource, "CREATE TABLE IF NOT EXISTS unique_violation_probe (id bigint NOT NULL,"
                + " other bigint, CONSTRAINT " + CONSTRAINT + " UNIQUE (id))");
    }

    @Test
    void reactiveClientFailureNamesTheConstraint() {
        long id = insertedId();

        Throwable failure = failureOf(() -> pool.preparedQuery("INSERT INTO unique_violation_probe (id) VALUES ($1)")
                .execute(Tuple.of(id))
                .replaceWithVoid());

        assertInstanceOf(PgException.class, failure);
        assertEquals(Optional.of(CONSTRAINT), UniqueViolation.constraintOf(failure));
        assertTrue(UniqueViolation.is(failure, CONSTRAINT));
        assertFalse(UniqueViolation.is(failure, "users_email_uk"));
    }

    @Test
    void hibernateReactiveFailureIsRecognisedThoughItDropsTheClientsException() {
        long id = insertedId();

        Throwable failure = failureOf(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO unique_violation_probe (id) VALUES (" + id + ")")
                        .executeUpdate()))
                .replaceWithVoid());

        assertTrue(chainHas(failure, ConstraintViolationException.class), "Hibernate's exception is in the chain");
        assertEquals(Optional.of(CONSTRAINT), UniqueViolation.constraintOf(failure));
        assertTrue(UniqueViolation.is(failure, CONSTRAINT));
    }

    @Test
    void jdbcFailureIsRecognisedBySqlState() {
        long id = insertedId();

        SQLException failure = null;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO unique_violation_probe (id) VALUES (" + id + ")");
            fail("the duplicate was accepted");
        } catch (SQLException e) {
            failure = e;
        }

        assertEquals("23505", failure.getSQLState());
        assertEquals(Optional.of(CONSTRAINT), UniqueViolation.constraintOf(new IllegalStateException(failure)));
        assertTrue(UniqueViolation.is(new IllegalStateException(failure), CONSTRAINT));
    }

    @Test
    void aMessageInAnotherLanguageStillCountsWhenItMentionsTheConstraint() {
        SQLException german = new SQLException(
                "FEHLER: doppelter Schlüsselwert verletzt Unique-Constraint »users_email_uk«", "23505");

        assertTrue(UniqueViolation.is(german, "users_email_uk"));
        assertFalse(UniqueViolation.is(german, "users_email"));
        assertFalse(UniqueViolation.is(german, "users_username_uk"));
        assertEquals(Optional.empty(), UniqueViolation.constraintOf(german));
    }

    @Test
    void otherFailuresAreNotUniqueViolations() {
        Throwable notNull = failureOf(() -> pool.preparedQuery("INSERT INTO unique_violation_probe (id) VALUES (NULL)")
                .execute()
                .replaceWithVoid());

        assertInstanceOf(PgException.class, notNull);
        assertFalse(UniqueViolation.is(notNull, CONSTRAINT));
        assertFalse(UniqueViolation.is(new SQLException("duplicate key value violates unique constraint \""
                + CONSTRAINT + "\"", "23503"), CONSTRAINT));
        assertFalse(UniqueViolation.is(new IllegalStateException("unique constraint \"" + CONSTRAINT + "\""), CONSTRAINT));
        assertEquals(Optional.empty(), UniqueViolation.constraintOf(null));
    }

    /** A row whose id is taken from now on. */
    private long insertedId() {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Db.update(dataSource, "INSERT INTO unique_violation_probe (id) VALUES (?)", id);
        return id;
    }

    private static Throwable failureOf(java.util.function.Supplier<Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("the duplicate was accepted");
    }

    private static boolean chainHas(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
