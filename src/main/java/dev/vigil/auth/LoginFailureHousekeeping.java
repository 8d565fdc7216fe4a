package dev.vigil.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.db.BatchedDelete;
import dev.vigil.common.db.HousekeepingTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps {@code login_failures} the size of the addresses that failed lately: a row whose last failure
 * is older than {@code vigil.lockout.max-duration} and {@link #KEPT_AFTER_LONGEST_LOCK} is removed.
 * Its lock, if any, ended at least that day ago (no lock outlasts max-duration), and the expiry job
 * has recorded its end. An address that comes back after that starts with a fresh counter and
 * doubling, so a flood of addresses cannot grow the table without bound.
 */
@ApplicationScoped
public class LoginFailureHousekeeping implements HousekeepingTask {

    static final Duration KEPT_AFTER_LONGEST_LOCK = Duration.ofDays(1);

    private final Pool pool;
    private final LockoutConfig config;
    private final Clock clock;

    public LoginFailureHousekeeping(Pool pool, LockoutConfig config, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "failed-login counters of addresses idle since before the longest lock";
    }

    @Override
    public Uni<Long> prune() {
        Tuple cutoff = Tuple.of(clock.instant().minus(config.maxDuration()).minus(KEPT_AFTER_LONGEST_LOCK)
                .atOffset(ZoneOffset.UTC));
        return BatchedDelete.run(pool, "login_failures", "last_failed_at < $1", cutoff);
    }
}
