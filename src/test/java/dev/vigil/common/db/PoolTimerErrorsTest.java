package dev.vigil.common.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the SQL client pool's own late timer failure is contained; everything else still reaches the log. */
class PoolTimerErrorsTest {

    @Test
    void thePoolsLateTimerFailureIsRecognised() {
        assertTrue(PoolTimerErrors.isPoolTimerFailure(
                thrownFrom("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3", "Result is already complete")));
    }

    @Test
    void theSameMessageFromElsewhereIsNot() {
        assertFalse(PoolTimerErrors.isPoolTimerFailure(
                thrownFrom("dev.vigil.notify.OutboxDispatcher", "lambda$execute$3", "Result is already complete")));
        assertFalse(PoolTimerErrors.isPoolTimerFailure(
                thrownFrom("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "acquire", "Result is already complete")));
    }

    @Test
    void otherFailuresOfThePoolAreNot() {
        assertFalse(PoolTimerErrors.isPoolTimerFailure(
                thrownFrom("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3", "Connection released twice")));
        RuntimeException other = new IllegalArgumentException("Result is already complete");
        other.setStackTrace(thrownFrom("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3", "x").getStackTrace());
        assertFalse(PoolTimerErrors.isPoolTimerFailure(other));
    }

    /** The shape Vert.x reports: Promise.fail on top, the pool's timer lambda right below it. */
    private static IllegalStateException thrownFrom(String className, String method, String message) {
        IllegalStateException failure = new IllegalStateException(message);
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 90),
            new StackTraceElement(className, method, "SqlConnectionPool.java", 216),
            new StackTraceElement("io.vertx.core.impl.VertxImpl$InternalTimerHandler", "handle", "VertxImpl.java", 1102),
        });
        return failure;
    }
}
