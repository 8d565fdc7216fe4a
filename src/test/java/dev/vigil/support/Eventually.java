package dev.vigil.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for something asynchronous (a NOTIFY reaching a listener, a reconnect) with a bounded
 * poll instead of a fixed sleep: the test goes on as soon as the condition holds and fails with a
 * message when it does not hold in time.
 */
public final class Eventually {

    /** Long enough for a slow, shared CI machine; a passing test never waits this long. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    public static void eventually(String what, BooleanSupplier condition) {
        eventually(what, TIMEOUT, condition);
    }

    public static void eventually(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + timeout.toMillis() + " ms in vain until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
        }
    }
}
