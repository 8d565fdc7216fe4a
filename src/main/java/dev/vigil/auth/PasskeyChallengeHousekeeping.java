package dev.vigil.auth;

import java.time.Clock;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.db.BatchedDelete;
import dev.vigil.common.db.HousekeepingTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Forgets passkey challenges nobody answered once they expired (answered ones are gone already). */
@ApplicationScoped
public class PasskeyChallengeHousekeeping implements HousekeepingTask {

    private final Pool pool;
    private final Clock clock;

    public PasskeyChallengeHousekeeping(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "expired passkey challenges";
    }

    @Override
    public Uni<Long> prune() {
        return BatchedDelete.run(pool, "passkey_challenges", "expires_at < $1",
                Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)));
    }
}
