package dev.vigil.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.db.BatchedDelete;
import dev.vigil.common.db.HousekeepingTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Forgets what no request can use any more, so the session tables stay the size of the live
 * sessions: sessions that expired or were revoked more than {@link #GRACE} ago (their access tokens
 * expired long before), spent refresh tokens older than the refresh TTL (such a token would have
 * expired by now; presenting it is then a plain 401 instead of revoking its session), and login
 * challenges of the second factor that expired.
 */
@ApplicationScoped
public class SessionHousekeeping implements HousekeepingTask {

    /** How long an ended session is kept: far longer than any access token it issued can live. */
    static final Duration GRACE = Duration.ofDays(1);

    private final Pool pool;
    private final TokenConfig config;
    private final Clock clock;

    public SessionHousekeeping(Pool pool, TokenConfig config, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "ended sessions, old spent refresh tokens and expired challenges";
    }

    @Override
    public Uni<Long> prune() {
        Instant now = clock.instant();
        Tuple ended = Tuple.of(now.minus(GRACE).atOffset(ZoneOffset.UTC));
        Tuple spent = Tuple.of(now.minus(config.refreshTtl()).atOffset(ZoneOffset.UTC));
        return BatchedDelete.run(pool, "spent_refresh_tokens", "spent_at < $1", spent)
                .chain(tokens -> BatchedDelete.run(pool, "sessions", "expires_at < $1 OR revoked_at < $1", ended)
                        .map(sessions -> tokens + sessions))
                .chain(sofar -> BatchedDelete.run(pool, "mfa_challenges", "expires_at < $1", ended)
                        .map(challenges -> sofar + challenges));
    }
}
