package dev.vigil.common.db;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Keeps track of database outages so that each is logged once: one WARN when the first refused
 * request (or a readiness probe) sees it, one INFO when the readiness probe sees the database take
 * writes again, with how long it lasted and how many requests were answered 503 meanwhile. The
 * requests in between are only counted (DEBUG), never logged one by one.
 *
 * <p>How long an outage lasted is elapsed time on the monotonic clock ({@link System#nanoTime()}),
 * not a rule about dates: it must keep running while tests hold the injected {@code Clock} still.
 */
@ApplicationScoped
public class DatabaseOutages {

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class);

    /**
     * Requests that were already under way when the probe saw the database back may still fail a
     * moment later; within this window they count towards the outage that just ended instead of
     * opening (and logging) a new one.
     */
    static final Duration LATE_FAILURES = Duration.ofSeconds(2);

    private final AtomicReference<Outage> current = new AtomicReference<>();
    /** When the last outage ended (nanoTime), or none yet. */
    private final AtomicReference<Long> lastEnd = new AtomicReference<>();

    private record Outage(long start, DatabaseOutage.Kind kind, AtomicLong refused) {
    }

    /**
     * A request failed with {@code failure}. When that is a database outage, counts it as refused
     * (the caller answers 503), logs the outage's start if it is the first sign of it, and returns
     * true; otherwise returns false and the caller treats the failure as a bug.
     */
    public boolean refused(Throwable failure) {
        Optional<DatabaseOutage.Kind> kind = DatabaseOutage.of(failure);
        if (kind.isEmpty()) {
            return false;
        }
        Outage outage = current.get();
        if (outage == null && justEnded()) {
            LOG.debugf("Request refused just after the database came back (%s)", message(failure));
            return true;
        }
        if (outage == null) {
            outage = begin(kind.get(), message(failure));
        }
        outage.refused().incrementAndGet();
        LOG.debugf("Request refused: database %s (%s)", kind.get(), message(failure));
        return true;
    }

    /**
     * Something other than a request (the readiness probe, a background job) saw the database
     * unable to take writes: starts an outage if none is open (logged once), counts nothing.
     */
    public void seen(DatabaseOutage.Kind kind, String detail) {
        if (current.get() == null) {
            begin(kind, detail);
        }
    }

    /** The readiness probe saw the database take connections and writes: ends the open outage, if any. */
    public void recovered() {
        Outage outage = current.getAndSet(null);
        if (outage == null) {
            return;
        }
        long now = System.nanoTime();
        lastEnd.set(now);
        Duration lasted = Duration.ofNanos(now - outage.start());
        LOG.infof("Database available again after %d.%01d s (%s); %d requests were answered 503 meanwhile",
                lasted.toSeconds(), lasted.toMillisPart() / 100, outage.kind(), outage.refused().get());
    }

    /** True while an outage is open (the readiness probe then rechecks on its own). */
    public boolean ongoing() {
        return current.get() != null;
    }

    private Outage begin(DatabaseOutage.Kind kind, String detail) {
        Outage fresh = new Outage(System.nanoTime(), kind, new AtomicLong());
        if (current.compareAndSet(null, fresh)) {
            LOG.warnf("Database unavailable (%s: %s); answering 503 with Retry-After until it takes writes again",
                    kind, detail);
            return fresh;
        }
        Outage other = current.get();
        return other != null ? other : fresh;
    }

    private boolean justEnded() {
        Long end = lastEnd.get();
        return end != null && System.nanoTime() - end < LATE_FAILURES.toNanos();
    }

    /** The message of the innermost cause: the driver's words, without the wrappers' repetitions. */
    static String message(Throwable failure) {
        Throwable root = failure;
        for (int i = 0; i < 32 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String text = root.getMessage();
        return text == null ? root.getClass().getSimpleName() : text;
    }
}
