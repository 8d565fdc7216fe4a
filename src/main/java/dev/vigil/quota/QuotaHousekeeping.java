package dev.vigil.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.db.BatchedDelete;
import dev.vigil.common.db.HousekeepingTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Forgets the shared counters of quota windows that ended: every window is at most a day long. */
@ApplicationScoped
public class QuotaHousekeeping implements HousekeepingTask {

    static final Duration KEPT = Duration.ofDays(2);

    private final Pool pool;
    private final Clock clock;

    public QuotaHousekeeping(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "quota counters of ended windows";
    }

    @Override
    public Uni<Long> prune() {
        Tuple cutoff = Tuple.of(clock.instant().minus(KEPT).atOffset(ZoneOffset.UTC));
        return BatchedDelete.run(pool, "quota_counters", "window_start < $1", cutoff);
    }
}
