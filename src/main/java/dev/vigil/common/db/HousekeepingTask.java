package dev.vigil.common.db;

import io.smallrye.mutiny.Uni;

/**
 * Something a feature forgets once nothing can use it any more. Every bean implementing this runs
 * on {@link Housekeeping}'s schedule; a feature only says what it removes.
 */
public interface HousekeepingTask {

    /** What the task removes, for the log ("ended sessions"). */
    String what();

    /** One round; the number of rows removed. Must be safe to run on several instances at once. */
    Uni<Long> prune();
}
