package dev.vigil.common.db;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Recognises "the database cannot take this request right now" anywhere in a cause chain. Such
 * failures are an outage to wait out (503 with {@code Retry-After}), not a bug (500).
 *
 * <p>The same failure reaches Vigil in several wrappings: the reactive client's own
 * {@link PgException} (direct queries), Hibernate Reactive's {@code org.hibernate} exceptions whose
 * cause is a {@link SQLException} carrying only the SQLSTATE (entity work), Netty's connect and
 * socket exceptions, and the pool's own refusals. Recognised:
 * <ul>
 * <li>unreachable: connection refused or timed out while connecting, reset or closed mid-query,
 * SQLSTATE class {@code 08} (connection exception), {@code 57P01} admin shutdown, {@code 57P02}
 * crash shutdown, {@code 57P03} cannot connect now (starting up, shutting down, recovering);</li>
 * <li>read-only: {@code 25006}, what a hot standby or {@code default_transaction_read_only=on}
 * answers to a write;</li>
 * <li>saturated: class {@code 53} (too many connections {@code 53300}, out of memory, disk full),
 * the pool's wait queue full, or no pooled connection within the pool's connection timeout.</li>
 * </ul>
 */
public final class DatabaseOutage {

    /** What kind of outage a failure shows; the first one of an outage is logged. */
    public enum Kind {
        UNREACHABLE("unreachable"),
        READ_ONLY("read-only"),
        SATURATED("saturated");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The message of the pool's connection-timeout failure on {@code Pool.query(...)}. */
    private static final String POOL_QUERY_TIMEOUT = "Timeout waiting for connection";
    /** The message of the pool's connection-timeout failure on {@code Pool.getConnection()}. */
    private static final String POOL_ACQUIRE_TIMEOUT = "Timeout";
    private static final int MAX_DEPTH = 32;

    private DatabaseOutage() {
    }

    /** True when the failure, or anything it was caused by, is a database outage. */
    public static boolean is(Throwable failure) {
        return of(failure).isPresent();
    }

    /** The kind of database outage the failure shows, if any. */
    public static Optional<Kind> of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return find(failure, seen, 0);
    }

    private static Optional<Kind> find(Throwable failure, Set<Throwable> seen, int depth) {
        for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.add(t); t = t.getCause(), depth++) {
            Optional<Kind> kind = kindOf(t);
            if (kind.isPresent()) {
                return kind;
            }
            if (t instanceof CompositeException composite) {
                for (Throwable cause : composite.getCauses()) {
                    Optional<Kind> inner = find(cause, seen, depth + 1);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Kind> kindOf(Throwable t) {
        if (t instanceof PgException pg) {
            return bySqlState(pg.getSqlState());
        }
        if (t instanceof SQLException sql) {
            return bySqlState(sql.getSQLState());
        }
        if (t instanceof ConnectException || t instanceof SocketException || t instanceof ClosedChannelException
                || t instanceof ClosedConnectionException || isNettyNativeSocketError(t)) {
            return Optional.of(Kind.UNREACHABLE);
        }
        if (t instanceof ConnectionPoolTooBusyException || isPoolTimeout(t)) {
            return Optional.of(Kind.SATURATED);
        }
        return Optional.empty();
    }

    static Optional<Kind> bySqlState(String state) {
        if (state == null || state.length() != 5) {
            return Optional.empty();
        }
        if (state.equals("25006")) {
            return Optional.of(Kind.READ_ONLY);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return Optional.of(Kind.UNREACHABLE);
        }
        if (state.startsWith("53")) {
            return Optional.of(Kind.SATURATED);
        }
        return Optional.empty();
    }

    /** The native (epoll) transport reports a reset as its own IOException, not a SocketException. */
    private static boolean isNettyNativeSocketError(Throwable t) {
        return t instanceof IOException && t.getClass().getName().startsWith("io.netty.channel.unix.Errors$");
    }

    /**
     * The SQL client pool fails a request that found no connection within its connection timeout with
     * a stack-less Vert.x exception whose message is all there is to go by.
     */
    private static boolean isPoolTimeout(Throwable t) {
        String name = t.getClass().getName();
        return (name.equals("io.vertx.core.VertxException") && POOL_QUERY_TIMEOUT.equals(t.getMessage()))
                || (name.equals("io.vertx.core.impl.NoStackTraceThrowable") && POOL_ACQUIRE_TIMEOUT.equals(t.getMessage()));
    }
}
