package dev.vigil.auth;

import static dev.vigil.common.db.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.notify.AdminWebhook;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The account lockout. After {@code vigil.lockout.max-failures} consecutive failed logins the account
 * locks for {@code vigil.lockout.duration}, doubled for each earlier lock (its {@code lock_level}) up
 * to {@code vigil.lockout.max-duration}. Failures while a lock holds are not counted. A completed
 * login resets the counter and the doubling ({@link Credentials#recordLogin}, in the login's own
 * transaction); a password reset clears the lock.
 *
 * <p>Every change is one SQL statement on a connection of its own (auto-commit), so it stays
 * whatever happens to the caller's work, and parallel failures are counted exactly: the statement
 * locks the user's row first, so the 5th of 100 simultaneous wrong passwords locks and the other 95
 * find the lock. Whoever clears a lock from its row (this class's job, {@link #unlock}, or the next
 * failure after a lock ended) records {@code account.unlocked}, so each lock gets one such event.
 */
@ApplicationScoped
public class Lockout {

    static final int EXPIRY_BATCH = 500;
    private static final Logger LOG = Logger.getLogger(Lockout.class);

    /**
     * $1 user, $2 now, $3 max failures, $4 first lock in seconds, $5 longest lock in seconds. An ended
     * lock still in the row is cleared (and reported as {@code previous_lock}) as the failure is counted.
     */
    private static final String RECORD_FAILURE = """
            WITH cur AS (
                SELECT id, failed_attempts, lock_level, locked_until FROM users WHERE id = $1 FOR UPDATE
            )
            UPDATE users u SET
                failed_attempts = CASE WHEN cur.failed_attempts + 1 >= $3 THEN 0 ELSE cur.failed_attempts + 1 END,
                lock_level = CASE WHEN cur.failed_attempts + 1 >= $3 THEN cur.lock_level + 1 ELSE cur.lock_level END,
                locked_until = CASE WHEN cur.failed_attempts + 1 >= $3
                    THEN $2::timestamptz + make_interval(secs => least($4::float8 * power(2, least(cur.lock_level, 40)), $5::float8))
                    ELSE NULL END
            FROM cur
            WHERE u.id = cur.id AND (cur.locked_until IS NULL OR cur.locked_until <= $2::timestamptz)
            RETURNING u.locked_until, u.lock_level, u.email, u.username, cur.locked_until AS previous_lock""";

    private static final String UNLOCK = """
            WITH cur AS (SELECT id, locked_until FROM users WHERE id = $1 FOR UPDATE)
            UPDATE users u SET locked_until = NULL, failed_attempts = 0
            FROM cur WHERE u.id = cur.id
            RETURNING cur.locked_until AS previous_lock""";

    /** Claims ended locks; SKIP LOCKED lets several instances (and concurrent failures) share the work. */
    private static final String EXPIRE = """
            WITH due AS (
                SELECT id, locked_until FROM users WHERE locked_until <= $1 ORDER BY locked_until LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE users u SET locked_until = NULL
            FROM due WHERE u.id = due.id
            RETURNING u.id, due.locked_until AS previous_lock""";

    private final Pool pool;
    private final LockoutConfig config;
    private final SecurityEvents audit;
    private final NotificationService notifications;
    private final AdminWebhook adminWebhook;
    private final AuthMetrics metrics;
    private final Clock clock;

    public Lockout(Pool pool, LockoutConfig config, SecurityEvents audit, NotificationService notifications,
            AdminWebhook adminWebhook, AuthMetrics metrics, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.audit = audit;
        this.notifications = notifications;
        this.adminWebhook = adminWebhook;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Counts a failed login of the user. {@code null} (a login that names nobody) runs the same
     * statement against no row, so an unknown login costs what a known one does. The failure that
     * reaches the limit locks the account, mails its owner, records {@code account.locked} and
     * announces {@code user.locked} to the admin webhook.
     */
    public Uni<Void> recordFailure(UUID userId, ClientInfo client) {
        Instant now = clock.instant();
        Tuple args = Tuple.of(userId == null ? UUID.randomUUID() : userId, now.atOffset(ZoneOffset.UTC),
                config.maxFailures(), (double) config.duration().toSeconds(), (double) config.maxDuration().toSeconds());
        return pool.preparedQuery(RECORD_FAILURE).execute(args)
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().voidItem(); // nobody, or locked: not counted
                    }
                    Row row = rows.iterator().next();
                    Instant previous = instant(row, "previous_lock");
                    Instant lockedUntil = instant(row, "locked_until");
                    Uni<Void> ended = previous == null ? Uni.createFrom().voidItem() : recordUnlocked(userId, null, previous, ClientInfo.NONE);
                    return lockedUntil == null ? ended
                            : ended.chain(() -> locked(userId, row.getString("email"), row.getString("username"), lockedUntil,
                                    row.getInteger("lock_level"), client));
                });
    }

    /**
     * Clears the user's lock and failure counter (the doubling stays until a completed login) and
     * records {@code account.unlocked} by {@code actorId} (an admin; {@code null} for a job). A user
     * that does not exist is left alone.
     */
    public Uni<Void> unlock(UUID userId, UUID actorId, ClientInfo client) {
        return pool.preparedQuery(UNLOCK).execute(Tuple.of(userId))
                .chain(rows -> rows.iterator().hasNext()
                        ? recordUnlocked(userId, actorId, instant(rows.iterator().next(), "previous_lock"), client)
                        : Uni.createFrom().voidItem());
    }

    @Scheduled(every = "${vigil.lockout.unlock-scan-every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scanForEndedLocks() {
        return expireEndedLocks()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.debugf("Cleared %d ended account locks", count);
                    }
                })
                .replaceWithVoid();
    }

    /** Clears every lock that has ended and records one {@code account.unlocked} each; how many. */
    Uni<Integer> expireEndedLocks() {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC), EXPIRY_BATCH))
                .chain(this::recordExpired)
                .chain(count -> count < EXPIRY_BATCH ? Uni.createFrom().item(count)
                        : expireEndedLocks().map(more -> count + more));
    }

    private Uni<Integer> recordExpired(RowSet<Row> rows) {
        List<Row> expired = new ArrayList<>(rows.size());
        rows.forEach(expired::add);
        return Multi.createFrom().iterable(expired)
                .onItem().transformToUniAndConcatenate(row -> recordUnlocked(row.getUUID("id"), null,
                        instant(row, "previous_lock"), ClientInfo.NONE))
                .collect().last()
                .replaceWith(expired.size());
    }

    private Uni<Void> recordUnlocked(UUID userId, UUID actorId, Instant previousLock, ClientInfo client) {
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.ACCOUNT_UNLOCKED, userId, client)
                .by(actorId)
                .with("locked_until", previousLock == null ? null : previousLock.toString()));
    }

    private Uni<Void> locked(UUID userId, String email, String username, Instant lockedUntil, int level, ClientInfo client) {
        metrics.locked();
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.ACCOUNT_LOCKED, userId, client)
                .by(null)
                .with("locked_until", lockedUntil.toString())
                .with("lock_level", level))
                .chain(() -> Panache.withTransaction(() -> notifications.queueMail(MailTemplate.ACCOUNT_LOCKED, userId, email,
                        Map.of("locked_until", lockedUntil.toString()))
                        .chain(() -> adminWebhook.announce("user.locked",
                                "User " + username + " locked after repeated failed logins until " + lockedUntil,
                                Map.of("user_id", userId.toString(), "username", username,
                                        "locked_until", lockedUntil.toString(), "lock_level", level)))))
                .onFailure().recoverWithUni(failure -> {
                    // The lock stands; only the notices are missing. The login answer must not change.
                    LOG.warnf("Account %s locked, but its notices could not be queued (%s)", userId, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
