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

/**
 * Which sessions were revoked recently enough that their access tokens could still be unexpired.
 * Every request checks this in memory; the set is loaded at start-up and kept current through
 * {@link RevocationListener}. While the listener is down, {@link #isRevoked} asks the database
 * instead, and after it reconnects the set is reloaded to cover what was announced meanwhile.
 */
@ApplicationScoped
public class RevokedSessions {

    private final Map<UUID, Instant> revoked = new ConcurrentHashMap<>();
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

    /** True when access tokens of this session must be refused. */
    public Uni<Boolean> isRevoked(UUID sessionId) {
        if (revoked.containsKey(sessionId)) {
            return Uni.createFrom().item(true);
        }
        if (listening) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("SELECT revoked_at IS NOT NULL FROM sessions WHERE id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> !rows.iterator().hasNext() || rows.iterator().next().getBoolean(0));
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
