package dev.vigil.common.db;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * How a scheduled job ends a round that failed: it never hands the failure to the scheduler, which
 * would log it as an ERROR with a stack trace every round. When the database is down the failure is
 * expected (the readiness probe logs the outage once) and only a DEBUG line is written; any other
 * failure is one WARN line with its reason. Either way the job's next round tries again.
 */
public final class BackgroundRounds {

    private BackgroundRounds() {
    }

    /** {@code round}, whose failure is logged as described above and then dropped. */
    public static Uni<Void> retriedNextRound(Uni<?> round, Logger log, String what) {
        return round.replaceWithVoid().onFailure().recoverWithUni(failure -> {
            failed(log, what, failure);
            return Uni.createFrom().voidItem();
        });
    }

    /** Logs a failed round of {@code what} as described above. */
    public static void failed(Logger log, String what, Throwable failure) {
        if (DatabaseOutage.is(failure)) {
            log.debugf("%s skipped: the database is unavailable (%s)", what, DatabaseOutages.message(failure));
        } else {
            log.warnf("%s failed (%s); the next round retries", what, DatabaseOutages.message(failure));
        }
    }
}
