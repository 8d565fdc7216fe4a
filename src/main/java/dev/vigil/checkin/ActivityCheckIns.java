package dev.vigil.checkin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.vigil.auth.UserActivityListener;
import dev.vigil.common.db.BackgroundRounds;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Activity as a check-in ({@code activity_counts}): logins, refreshes and API-key uses are noted in
 * memory on the request's path, and a background round writes at most one check-in per user per
 * {@code vigil.check-in.activity-write-every}.
 *
 * <p>The request path does no I/O: a user seen within the period (by this instance) is dropped at
 * once, any other is put in a set the next round takes. The round checks each user in only when the
 * database agrees (opted in, switch running, last check-in older than the period), in one short
 * transaction per user, so the hot paths' throughput does not depend on this feature.
 */
@ApplicationScoped
public class ActivityCheckIns implements UserActivityListener {

    private static final Logger LOG = Logger.getLogger(ActivityCheckIns.class);
    private static final int MAX_REMEMBERED = 200_000;

    private final CheckInService service;
    private final Vertx vertx;
    /** Users whose activity was taken within the period: nothing to do for them until it ends. */
    private final Cache<UUID, Boolean> recent;
    private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public ActivityCheckIns(CheckInService service, CheckInConfig config, Clock clock, Vertx vertx) {
        this.service = service;
        this.vertx = vertx;
        // The injectable clock drives the period, so tests can move it.
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(config.activityWriteEvery().toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .maximumSize(MAX_REMEMBERED)
                .build();
    }

    @Override
    public void active(UUID userId) {
        if (recent.asMap().putIfAbsent(userId, Boolean.TRUE) == null && waiting.size() < MAX_REMEMBERED) {
            waiting.add(userId);
        }
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (waiting.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> flush()
                .subscribe().with(done -> flushing.set(false), failure -> {
                    BackgroundRounds.failed(LOG, "Writing activity check-ins", failure);
                    flushing.set(false);
                }));
    }

    /** Takes the users seen since the last round and checks in those whose switch counts activity; how many. */
    public Uni<Integer> flush() {
        List<UUID> batch = new ArrayList<>(waiting);
        waiting.removeAll(batch);
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(userId -> service.checkInForActivity(userId)
                        .onFailure().invoke(failure -> {
                            // Not taken: the next login, refresh or key use after the period tries again.
                            recent.invalidate(userId);
                            LOG.warnf("Could not count the activity of user %s as a check-in (%s)", userId,
                                    failure.getMessage());
                        })
                        .onFailure().recoverWithItem(false))
                .collect().asList()
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
    }
}
