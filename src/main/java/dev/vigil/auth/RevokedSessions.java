package dev.vigil.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


import dev.vigil.common.db.ListenerConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Which sessions an access token may name: ones that exist and were not revoked.
 *
 * <p>Revoked: the sessions revoked recently enough that their access tokens could still be
 * unexpired, held in memory, loaded at start-up and kept current through {@link RevocationListener}.
 * While the listener is down, {@link #isRevoked} asks the database instead, and after it reconnects
 * the set is reloaded to cover what was announced meanwhile.
 *
 * <p>Exists: a token whose {@code sid} names no session at all (made up by someone who got hold of
 * a signing key) is refused too. The sessions known to exist are held in a bounded cache: the ones
 * this instance issued tokens for are put there when it signs them, and any other one is looked up
 * once (one indexed read) and kept when found. So a valid token costs two in-memory look-ups per
 * request, and a database round trip only the first time an instance sees its session.
 */
@ApplicationScoped
public class RevokedSessions {

    /** Sessions known to exist; far more than the sessions active within one access-token lifetime. */
    private static final int LIVE_CACHE_SIZE = 100_000;

    private final Map<UUID, Instant> revoked = new ConcurrentHashMap<>();
    private final Cache<UUID, Boolean> live;
    private final DataSource dataSource;
    private final Pool pool;
    private final Vertx vertx;
    private final TokenConfig config;
    private final Clock clock;
    private final PgConnectOptions connectOptions;
    private volatile boolean listening;
    private RevocationListener listener;

    public RevokedSessions(DataSource dataSource, Pool pool, Vertx vertx, TokenConfig config, Clock clock,
            ListenerConnections connections) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.connectOptions = connections.forListener("vigil-revocation-listener");
        this.live = Caffeine.newBuilder()
                .maximumSize(LIVE_CACHE_SIZE)
                .expireAfterWrite(config.accessTtl().plusSeconds(60))
                .build();
    }

    void onStart(@Observes StartupEvent event) {
        loadRecentBlocking();
        listener = new RevocationListener(vertx, connectOptions, this::add, this::subscribed, () -> listening = false);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Takes effect on this instance at once; other instances learn it from the channel. */
    public void add(UUID sessionId) {
        revoked.put(sessionId, clock.instant().plus(config.accessTtl()).plusSeconds(60));
    }

    /** This instance signs a token for the session: it exists (revocation still wins). */
    void knownLive(UUID sessionId) {
        live.put(sessionId, Boolean.TRUE);
    }

    /** True when access tokens of this session must be refused: it was revoked, or it does not exist. */
    public Uni<Boolean> isRevoked(UUID sessionId) {
        if (revoked.containsKey(sessionId)) {
            return Uni.createFrom().item(true);
        }
        if (listening && live.getIfPresent(sessionId) != null) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("SELECT revoked_at IS NOT NULL FROM sessions WHERE id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    boolean refused = !rows.iterator().hasNext() || rows.iterator().next().getBoolean(0);
                    if (!refused) {
                        live.put(sessionId, Boolean.TRUE);
                    }
                    return refused;
                });
    }

    public boolean isListening() {
        return listening;
    }

    /** Connection details for another listener on the same database (tests, tools). */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(connectOptions);
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        Instant now = clock.instant();
        revoked.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
    }

    /**
     * Catches up on what was announced while nobody listened, and only then trusts the in-memory set;
     * until the reload is in, {@link #isRevoked} still asks the database.
     */
    private void subscribed() {
        pool.preparedQuery("SELECT id FROM sessions WHERE revoked_at > $1")
                .execute(Tuple.of(oldestRelevant().atOffset(java.time.ZoneOffset.UTC)))
                .subscribe().with(this::caughtUp, e -> listening = false);
    }

    private void caughtUp(RowSet<Row> rows) {
        rows.forEach(row -> add(row.getUUID(0)));
        listening = true;
    }

    private Instant oldestRelevant() {
        return clock.instant().minus(config.accessTtl()).minusSeconds(60);
    }

    private void loadRecentBlocking() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM sessions WHERE revoked_at > ?")) {
            select.setTimestamp(1, Timestamp.from(oldestRelevant()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load revoked sessions", e);
        }
    }
}
