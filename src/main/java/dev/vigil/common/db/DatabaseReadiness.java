package dev.vigil.common.db;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;

/**
 * Readiness: DOWN while the database cannot take writes — unreachable, refusing connections
 * (starting up, shutting down, too many connections) or read-only (a hot standby after a failover,
 * {@code default_transaction_read_only=on}) — and UP as soon as it can again.
 *
 * <p>Replaces Quarkus's reactive datasource check ({@code quarkus.datasource.health.enabled=false}),
 * which ran {@code SELECT 1} on a pooled connection: that says nothing about writes, and after the
 * server restarted it kept reporting DOWN while it drew dead pooled connections. Every probe here
 * opens a fresh connection of its own (one backend start, a few milliseconds), asks
 * {@code pg_is_in_recovery()} and {@code transaction_read_only} (what a new transaction would be),
 * and closes it: it sees exactly what a new pooled connection would see, never a stale one, and it
 * does not compete with requests for pool slots.
 *
 * <p>The probe also tells {@link DatabaseOutages} when an outage starts and ends; while one is open,
 * it runs every {@code vigil.database.recheck-every} on its own.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "database";
    private static final String PROBE = "SELECT pg_is_in_recovery() AS standby,"
            + " current_setting('transaction_read_only') = 'on' AS read_only";

    private final Vertx vertx;
    private final DatabaseOutages outages;
    private final DatabaseHealthConfig config;
    private final PgConnectOptions options;

    DatabaseReadiness(Vertx vertx, DatabaseOutages outages, DatabaseHealthConfig config, ListenerConnections connections) {
        this.vertx = vertx;
        this.outages = outages;
        this.config = config;
        int timeoutMillis = (int) config.probeTimeout().toMillis();
        this.options = connections.forListener("vigil-readiness")
                .setConnectTimeout(timeoutMillis)
                .setReconnectAttempts(0);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe().map(outage -> {
            var response = HealthCheckResponse.named(NAME);
            return outage.isEmpty()
                    ? response.up().withData("database", "available").build()
                    : response.down().withData("database", outage.get().toString()).build();
        });
    }

    /** Rechecks while an outage is open, so that its end is logged without waiting for a readiness request. */
    @Scheduled(every = "${vigil.database.recheck-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recheckDuringOutage() {
        if (!outages.ongoing()) {
            return Uni.createFrom().voidItem();
        }
        return probe().replaceWithVoid();
    }

    /** Empty when the database takes writes; otherwise what keeps it from doing so. */
    Uni<Optional<DatabaseOutage.Kind>> probe() {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Optional<DatabaseOutage.Kind>> attempt = PgConnection.connect(vertx, options)
                .compose(connection -> {
                    if (abandoned.get()) {
                        return connection.close().map(v -> Optional.<DatabaseOutage.Kind>empty());
                    }
                    return connection.query(PROBE).execute()
                            .map(rows -> writable(rows.iterator().next()))
                            .eventually(v -> connection.close());
                });
        return Uni.createFrom().completionStage(attempt.toCompletionStage())
                .ifNoItem().after(config.probeTimeout()).fail()
                .onFailure().invoke(() -> abandoned.set(true))
                .map(outage -> {
                    outage.ifPresentOrElse(kind -> outages.seen(kind, "readiness probe: " + kind),
                            outages::recovered);
                    return outage;
                })
                .onFailure().recoverWithItem(failure -> {
                    DatabaseOutage.Kind kind = DatabaseOutage.of(failure).orElse(DatabaseOutage.Kind.UNREACHABLE);
                    outages.seen(kind, "readiness probe: " + describe(failure));
                    return Optional.of(kind);
                });
    }

    private static Optional<DatabaseOutage.Kind> writable(Row row) {
        boolean readOnly = Boolean.TRUE.equals(row.getBoolean("standby")) || Boolean.TRUE.equals(row.getBoolean("read_only"));
        return readOnly ? Optional.of(DatabaseOutage.Kind.READ_ONLY) : Optional.empty();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
