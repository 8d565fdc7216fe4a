package dev.vigil.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Counts requests per user and quota window. A request costs two in-memory increments; every
 * {@code vigil.quota.flush-every} the counts since the last flush are added to {@code quota_counters}
 * in one statement, which returns the totals of every instance. A window's usage is therefore the
 * last total read back plus what this instance counted since. Another instance's requests are seen
 * one flush late, so across N instances a user can exceed a limit by about what N instances serve
 * them in one flush interval.
 */
@ApplicationScoped
public class QuotaCounters {

    static final int HOUR = 3600;
    static final int DAY = 86_400;

    private static final Logger LOG = Logger.getLogger(QuotaCounters.class);

    private final QuotaRepository repository;
    private final QuotaConfig config;
    private final Clock clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    private record Key(UUID subject, int seconds, long start) {
    }

    /** What is known of one window: the total at the last flush and what was counted here since. */
    private static final class Window {
        final AtomicLong pending = new AtomicLong();
        volatile long flushedTotal;
    }

    public QuotaCounters(QuotaRepository repository, QuotaConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    /** Counts one request of the subject unless a window of its tier is used up. */
    QuotaDecision consume(UUID subject, String tier) {
        QuotaConfig.Limits limits = limits(tier);
        long now = clock.instant().getEpochSecond();
        long hourStart = now - Math.floorMod(now, HOUR);
        long dayStart = now - Math.floorMod(now, DAY);
        Window hour = windows.computeIfAbsent(new Key(subject, HOUR, hourStart), k -> new Window());
        Window day = windows.computeIfAbsent(new Key(subject, DAY, dayStart), k -> new Window());
        long usedHour = hour.flushedTotal + hour.pending.incrementAndGet();
        long usedDay = day.flushedTotal + day.pending.incrementAndGet();
        long hourReset = hourStart + HOUR - now;
        long dayReset = dayStart + DAY - now;
        boolean hourOver = usedHour > limits.perHour();
        boolean dayOver = usedDay > limits.perDay();
        if (hourOver || dayOver) {
            // A refused request does not count.
            hour.pending.decrementAndGet();
            day.pending.decrementAndGet();
            return dayOver
                    ? new QuotaDecision(false, limits.perDay(), 0, dayReset)
                    : new QuotaDecision(false, limits.perHour(), 0, hourReset);
        }
        long hourLeft = limits.perHour() - usedHour;
        long dayLeft = limits.perDay() - usedDay;
        return dayLeft < hourLeft
                ? new QuotaDecision(true, limits.perDay(), dayLeft, dayReset)
                : new QuotaDecision(true, limits.perHour(), hourLeft, hourReset);
    }

    /** Adds this instance's counts to the shared totals and reads the totals back. */
    @Scheduled(every = "${vigil.quota.flush-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        if (!config.enabled() || windows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long now = clock.instant().getEpochSecond();
        List<Map.Entry<Key, Window>> batch = new ArrayList<>(windows.entrySet());
        batch.sort(Comparator.comparing((Map.Entry<Key, Window> e) -> e.getKey().subject())
                .thenComparingInt(e -> e.getKey().seconds())
                .thenComparingLong(e -> e.getKey().start()));
        List<QuotaRepository.Delta> deltas = new ArrayList<>(batch.size());
        long[] sent = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Key key = batch.get(i).getKey();
            sent[i] = batch.get(i).getValue().pending.get();
            deltas.add(new QuotaRepository.Delta(key.subject(), key.seconds(), Instant.ofEpochSecond(key.start()), sent[i]));
        }
        return repository.add(deltas)
                .invoke(totals -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).getValue().pending.addAndGet(-sent[i]);
                    }
                    for (QuotaRepository.Total total : totals) {
                        Window window = windows.get(new Key(total.subject(), total.windowSeconds(),
                                total.windowStart().getEpochSecond()));
                        if (window != null) {
                            window.flushedTotal = total.requests();
                        }
                    }
                    forgetEnded(now);
                })
                .chain(() -> repository.forgetBefore(Instant.ofEpochSecond(now).minus(Duration.ofSeconds(2L * DAY))))
                .onFailure().invoke(e -> LOG.warnf("Could not flush quota counters (%s); counts are kept for the next round",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Windows that ended and have nothing left to flush. */
    private void forgetEnded(long now) {
        windows.entrySet().removeIf(e -> e.getKey().start() + e.getKey().seconds() <= now && e.getValue().pending.get() == 0);
    }

    private QuotaConfig.Limits limits(String tier) {
        if ("premium".equals(tier)) {
            return config.premium();
        }
        if ("basic".equals(tier)) {
            return config.basic();
        }
        return config.free();
    }
}
