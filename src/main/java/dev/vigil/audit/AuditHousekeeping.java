package dev.vigil.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.vigil.common.db.BatchedDelete;
import dev.vigil.common.db.HousekeepingTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keeps security events for {@code vigil.audit.retention} (default a year and a month), then forgets them. */
@ApplicationScoped
public class AuditHousekeeping implements HousekeepingTask {

    private final Pool pool;
    private final Duration retention;
    private final Clock clock;

    public AuditHousekeeping(Pool pool, @ConfigProperty(name = "vigil.audit.retention", defaultValue = "P400D") Duration retention,
            Clock clock) {
        this.pool = pool;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "security events past their retention";
    }

    @Override
    public Uni<Long> prune() {
        Tuple cutoff = Tuple.of(clock.instant().minus(retention).atOffset(ZoneOffset.UTC));
        return BatchedDelete.run(pool, "security_events", "at < $1", cutoff);
    }
}
