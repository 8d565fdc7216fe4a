package dev.vigil.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.hibernate.HibernateException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import dev.vigil.common.db.DatabaseOutage.Kind;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * The shapes in which an outage reaches the mappers: the drills and the crash and read-only tests
 * produce them for real; these pin each wrapping down, and what must stay a bug (500).
 */
class DatabaseOutageTest {

    @Test
    void hibernateWrappedReadOnlyWriteIsReadOnly() {
        var failure = new CompletionException(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: cannot execute UPDATE in a read-only transaction (25006)", "25006")));
        assertEquals(Optional.of(Kind.READ_ONLY), DatabaseOutage.of(failure));
    }

    @Test
    void driverErrorsForShutdownStartupAndConnectionLossAreUnreachable() {
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(pg("57P01")));
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(pg("57P03")));
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(pg("08006")));
        assertEquals(Optional.of(Kind.UNREACHABLE),
                DatabaseOutage.of(new JDBCConnectionException("no connection", new SQLException("refused", "08001"))));
    }

    @Test
    void socketFailuresAreUnreachableHoweverWrapped() {
        assertEquals(Optional.of(Kind.UNREACHABLE),
                DatabaseOutage.of(new HibernateException(new SocketException("Connection reset"))));
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(new ConnectException("Connection refused")));
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(new CompletionException(ClosedConnectionException.INSTANCE)));
        assertEquals(Optional.of(Kind.UNREACHABLE), DatabaseOutage.of(
                new CompositeException(new IllegalStateException("rollback failed"), new ConnectException("refused"))));
    }

    @Test
    void tooManyConnectionsAndPoolLimitsAreSaturation() {
        assertEquals(Optional.of(Kind.SATURATED), DatabaseOutage.of(pg("53300")));
        assertEquals(Optional.of(Kind.SATURATED),
                DatabaseOutage.of(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 20")));
        assertEquals(Optional.of(Kind.SATURATED),
                DatabaseOutage.of(new CompletionException(new VertxException("Timeout waiting for connection", true))));
        assertEquals(Optional.of(Kind.SATURATED), DatabaseOutage.of(new NoStackTraceThrowable("Timeout")));
    }

    @Test
    void bugsAndConflictsAreNoOutage() {
        assertEquals(Optional.empty(), DatabaseOutage.of(pg("23505")));
        assertEquals(Optional.empty(), DatabaseOutage.of(pg("42P01")));
        assertEquals(Optional.empty(), DatabaseOutage.of(new GenericJDBCException("x", new SQLException("syntax", "42601"))));
        assertEquals(Optional.empty(), DatabaseOutage.of(new IllegalStateException("Timeout")));
        assertEquals(Optional.empty(), DatabaseOutage.of(new VertxException("Timeout", true)));
        assertEquals(Optional.empty(), DatabaseOutage.of(new NullPointerException()));
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        var outer = new IllegalStateException("outer");
        var inner = new IllegalArgumentException("inner", outer);
        outer.initCause(inner);
        assertEquals(Optional.empty(), DatabaseOutage.of(outer));
    }

    private static PgException pg(String sqlState) {
        return new PgException("database says " + sqlState, "FATAL", sqlState, null);
    }
}
