package dev.vigil.common.token;

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
 * Forgets one-time tokens a day after they expired or were used. Until then a used or expired link
 * still answers {@code used-token} / {@code expired-token}; afterwards {@code invalid-token}.
 */
@ApplicationScoped
public class TokenHousekeeping implements HousekeepingTask {

    static final Duration KEPT_AFTER_END = Duration.ofDays(1);

    private final Pool pool;
    private final Clock clock;

    public TokenHousekeeping(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "used or expired one-time tokens";
    }

    @Override
    public Uni<Long> prune() {
        Tuple cutoff = Tuple.of(clock.instant().minus(KEPT_AFTER_END).atOffset(ZoneOffset.UTC));
        return BatchedDelete.run(pool, "one_time_tokens", "expires_at < $1 OR used_at < $1", cutoff);
    }
}
