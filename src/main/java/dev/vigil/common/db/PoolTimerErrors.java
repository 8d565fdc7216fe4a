package dev.vigil.common.db;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Contains a known fault of the reactive SQL client (vertx-sql-client 4.5.x, issue 1706 upstream,
 * still open for 4.5.34; Quarkus 3.34 brings 4.5.26): {@code SqlConnectionPool.execute}, which
 * runs every query sent straight to the pool ({@code pool.preparedQuery(...)}), starts a timer of
 * the pool's connection timeout (30 s) that fails the query's promise, and cancels it only when a
 * connection was obtained. When getting a connection fails first (connection refused during an
 * outage) the promise is failed at once, the request is answered 503, and 30 s later the timer fails
 * the same promise again: {@code IllegalStateException: Result is already complete}, which Vert.x
 * hands to its uncaught-exception handler — Quarkus logs it as an ERROR with a stack trace, once per
 * request refused 30 s earlier (thousands in a 10-second outage under load).
 *
 * <p>The fault is harmless (the request was answered long ago; the timer only held its promise),
 * and no pool setting avoids it short of turning the connection timeout off, which would let
 * requests wait for a connection without bound while the database hangs. So it is contained here:
 * exactly this exception — this type, this message, thrown from {@code SqlConnectionPool}'s
 * {@code execute} — is counted instead of logged, and one WARN with the count follows each burst.
 * Every other uncaught exception goes to the handler that was there before.
 */
@ApplicationScoped
public class PoolTimerErrors {

    private static final Logger LOG = Logger.getLogger(PoolTimerErrors.class);
    static final String MESSAGE = "Result is already complete";
    private static final String POOL_CLASS = "io.vertx.sqlclient.impl.pool.SqlConnectionPool";
    /** A burst is over when none came for this long; then its one WARN is logged. */
    static final long QUIET_MILLIS = 5_000;

    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong lastSeen = new AtomicLong();
    private final AtomicBoolean reportPending = new AtomicBoolean();
    private Vertx vertx;

    void install(@Observes StartupEvent event, Vertx vertx) {
        this.vertx = vertx;
        Handler<Throwable> previous = vertx.exceptionHandler();
        if (previous instanceof Containing containing) {
            previous = containing.delegate; // dev-mode restart: do not wrap our own handler twice
        }
        vertx.exceptionHandler(new Containing(this, previous));
    }

    /** True for exactly the pool's late timer failure described above. */
    static boolean isPoolTimerFailure(Throwable error) {
        if (!(error instanceof IllegalStateException) || !MESSAGE.equals(error.getMessage())) {
            return false;
        }
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 4); i++) {
            if (frames[i].getClassName().equals(POOL_CLASS) && frames[i].getMethodName().contains("execute")) {
                return true;
            }
        }
        return false;
    }

    /** How many were counted instead of logged since the last WARN. */
    long pending() {
        return suppressed.get();
    }

    private void count() {
        suppressed.incrementAndGet();
        lastSeen.set(System.nanoTime());
        if (reportPending.compareAndSet(false, true)) {
            vertx.setTimer(QUIET_MILLIS, id -> reportWhenQuiet());
        }
    }

    private void reportWhenQuiet() {
        long quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSeen.get());
        if (quietFor < QUIET_MILLIS) {
            vertx.setTimer(QUIET_MILLIS - quietFor, id -> reportWhenQuiet());
            return;
        }
        reportPending.set(false);
        long count = suppressed.getAndSet(0);
        if (count > 0) {
            LOG.warnf("The SQL client pool raised %d late '%s' errors (its connection-timeout timer firing for queries"
                    + " that had already failed during a database outage, vertx-sql-client issue 1706); harmless,"
                    + " counted here instead of logged one by one", count, MESSAGE);
        }
    }

    private static final class Containing implements Handler<Throwable> {
        private final PoolTimerErrors owner;
        private final Handler<Throwable> delegate;

        Containing(PoolTimerErrors owner, Handler<Throwable> delegate) {
            this.owner = owner;
            this.delegate = delegate;
        }

        @Override
        public void handle(Throwable error) {
            if (isPoolTimerFailure(error)) {
                owner.count();
            } else if (delegate != null) {
                delegate.handle(error);
            } else {
                LOG.error("Uncaught exception in Vert.x", error);
            }
        }
    }
}
