package dev.vigil.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Runs every {@link HousekeepingTask} one after the other, every {@code vigil.housekeeping.every}. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final Instance<HousekeepingTask> tasks;

    public Housekeeping(Instance<HousekeepingTask> tasks) {
        this.tasks = tasks;
    }

    @Scheduled(every = "${vigil.housekeeping.every:1h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return Multi.createFrom().iterable(tasks.stream().toList())
                .onItem().transformToUniAndConcatenate(task -> BackgroundRounds.retriedNextRound(task.prune()
                        .invoke(removed -> LOG.debugf("Housekeeping removed %d %s", removed, task.what())),
                        LOG, "Housekeeping of " + task.what()))
                .collect().last()
                .replaceWithVoid();
    }
}
