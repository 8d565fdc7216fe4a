package dev.vigil.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Outbox figures for Prometheus. The depth and age gauges are read from the database every
 * {@value #REFRESH_EVERY} by a non-blocking query, never per scrape: a scrape only reads the last figures.
 * Sent and failed deliveries are counted by the dispatcher as they happen.
 *
 * <p>Reminders and releases (not built yet) will get their counters beside these.
 */
@ApplicationScoped
public class OutboxMetrics {

    static final String REFRESH_EVERY = "15s";
    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String[] KINDS = { NotificationService.KIND_MAIL, NotificationService.KIND_SMS,
            NotificationService.KIND_WEBHOOK, NotificationService.KIND_JOB };

    private final OutboxQueue queue;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong sending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final Map<String, Counter> sent;
    private final Map<String, Counter> failures;

    OutboxMetrics(OutboxQueue queue, Clock clock, MeterRegistry registry) {
        this.queue = queue;
        this.clock = clock;
        gauge(registry, "pending", pending);
        gauge(registry, "sending", sending);
        gauge(registry, "dead", dead);
        Gauge.builder("vigil.outbox.oldest.pending.age", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest message waiting to be sent (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
        this.sent = counters(registry, "vigil.outbox.sent", "Outbox messages delivered, by kind");
        this.failures = counters(registry, "vigil.outbox.failures", "Failed outbox delivery attempts, by kind");
    }

    /** Counts a delivered message of this kind ({@code mail}, {@code sms}, {@code webhook}, {@code job}). */
    void sent(String kind) {
        count(sent, kind);
    }

    /** Counts a failed attempt to deliver a message of this kind, whether it is retried or not. */
    void failed(String kind) {
        count(failures, kind);
    }

    @Scheduled(every = REFRESH_EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return queue.depth()
                .invoke(this::update)
                .onFailure().invoke(failure -> LOG.debugf("Could not read the outbox depth: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    void update(OutboxQueue.Depth depth) {
        pending.set(depth.pending());
        sending.set(depth.sending());
        dead.set(depth.dead());
        Instant oldest = depth.oldestPendingCreatedAt();
        oldestPendingAgeSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds()));
    }

    private static void gauge(MeterRegistry registry, String status, AtomicLong value) {
        Gauge.builder("vigil.outbox.messages", value, AtomicLong::get)
                .description("Outbox messages by status, as of the last refresh")
                .tag("status", status)
                .register(registry);
    }

    private static Map<String, Counter> counters(MeterRegistry registry, String name, String description) {
        Map<String, Counter> byKind = new java.util.HashMap<>();
        for (String kind : KINDS) {
            byKind.put(kind, Counter.builder(name).description(description).tag("kind", kind).register(registry));
        }
        return Map.copyOf(byKind);
    }

    private static void count(Map<String, Counter> counters, String kind) {
        Counter counter = counters.get(kind);
        if (counter != null) {
            counter.increment();
        }
    }
}
