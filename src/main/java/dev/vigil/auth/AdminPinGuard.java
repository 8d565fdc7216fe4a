package dev.vigil.auth;

import static dev.vigil.common.db.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.security.RequiresAdminPin;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Checks an admin's PIN with a failure counter of its own, apart from the login lockout (a wrong
 * PIN never locks the admin's login). Part of the credentials owner: it alone writes the
 * {@code admin_pin_failures}, {@code admin_pin_lock_level} and {@code admin_pin_locked_until} columns
 * ({@link Credentials} writes the hash, and clears these three when the PIN is set or removed).
 *
 * <p>A plain read answers an admin without a PIN, every request without a PIN (no guess, so not
 * counted: a forgotten header locks nobody out) and every attempt during a lock, at once. Every
 * other attempt is counted <em>before</em> the PIN is compared, in one statement that locks the
 * admin's row: attempt number {@code vigil.admin-pin.max-failures} since the last right PIN also locks
 * every PIN for {@code vigil.admin-pin.lock-duration}, doubled for each earlier lock in a row (capped
 * at {@code vigil.admin-pin.max-lock-duration}), and attempts during a lock are refused without a
 * comparison. So however many guesses arrive at once, at most that many are ever compared per lock,
 * and the right PIN among the rest is refused like any other. A right PIN resets the count and the
 * doubling (and lifts the lock that its own attempt set, so four typos and then the right PIN still
 * pass); a lock that another attempt set stays until its end. When a wrong PIN turns out
 * to have been the locking attempt, the admin is mailed and {@code admin-pin.locked} is recorded.
 *
 * <p>Missing, wrong and locked all end in the same 403 {@code admin-pin-required}. Each statement
 * runs alone on the pool (auto-commit), so the count stands whatever happens to the request after.
 */
@ApplicationScoped
public class AdminPinGuard {

    /** PINs set before 6 to 12 digits were required may be shorter; a right one of those asks for a change. */
    public static final int MIN_LENGTH = 6;

    private static final Logger LOG = Logger.getLogger(AdminPinGuard.class);

    /**
     * A plain read first: an admin without a PIN, and every attempt during a lock, is answered
     * without taking the row lock, so a flood of guesses against a locked PIN is a flood of cheap
     * reads that wait for nobody. A read that just missed a lock is caught by {@link #CLAIM}.
     */
    private static final String STATE = "SELECT admin_pin_hash, admin_pin_locked_until FROM users WHERE id = $1";

    /**
     * $1 admin, $2 now, $3 max failures, $4 first lock in seconds, $5 longest lock in seconds. Returns
     * the PIN hash (null: no PIN), and when the attempt was counted its id and the lock it set (if any).
     * No row: no such user.
     */
    private static final String CLAIM = """
            WITH cur AS (
                SELECT id, admin_pin_hash, admin_pin_failures, admin_pin_lock_level, admin_pin_locked_until
                FROM users WHERE id = $1 FOR UPDATE
            ), claimed AS (
                UPDATE users u SET
                    admin_pin_failures = CASE WHEN cur.admin_pin_failures + 1 >= $3 THEN 0
                        ELSE cur.admin_pin_failures + 1 END,
                    admin_pin_lock_level = CASE WHEN cur.admin_pin_failures + 1 >= $3 THEN cur.admin_pin_lock_level + 1
                        ELSE cur.admin_pin_lock_level END,
                    admin_pin_locked_until = CASE WHEN cur.admin_pin_failures + 1 >= $3
                        THEN $2::timestamptz + make_interval(secs => least(
                            $4::float8 * power(2, least(cur.admin_pin_lock_level, 40)), $5::float8))
                        ELSE NULL END
                FROM cur
                WHERE u.id = cur.id AND cur.admin_pin_hash IS NOT NULL
                    AND (cur.admin_pin_locked_until IS NULL OR cur.admin_pin_locked_until <= $2::timestamptz)
                RETURNING u.id, u.admin_pin_locked_until, u.admin_pin_lock_level, u.email
            )
            SELECT cur.admin_pin_hash, claimed.id AS claimed_id, claimed.admin_pin_locked_until AS locked_until,
                   claimed.admin_pin_lock_level AS lock_level, claimed.email
            FROM cur LEFT JOIN claimed ON true""";

    /**
     * $1 admin, $2 now, $3 the lock this attempt set (or null). A right PIN: the count and the doubling
     * start again, unless another attempt locked the PIN meanwhile.
     */
    private static final String RIGHT = """
            UPDATE users SET admin_pin_failures = 0, admin_pin_lock_level = 0, admin_pin_locked_until = NULL
            WHERE id = $1 AND (admin_pin_locked_until IS NULL OR admin_pin_locked_until <= $2::timestamptz
                OR admin_pin_locked_until = $3::timestamptz)""";

    /** The outcome of a check that let the request through. */
    public enum Outcome {
        /** The admin has no PIN: nothing to check. */
        NO_PIN,
        /** The right PIN. */
        RIGHT,
        /** The right PIN, but shorter than {@value #MIN_LENGTH} digits: the admin should set a new one. */
        RIGHT_BUT_SHORT
    }

    /** What the counting statement found. */
    private record Claim(String hash, boolean counted, Instant lockedUntil, int lockLevel, String email) {

        boolean locking() {
            return lockedUntil != null;
        }
    }

    private final Pool pool;
    private final PasswordHasher hasher;
    private final AdminPinConfig config;
    private final SecurityEvents audit;
    private final NotificationService notifications;
    private final Clock clock;

    public AdminPinGuard(Pool pool, PasswordHasher hasher, AdminPinConfig config, SecurityEvents audit,
            NotificationService notifications, Clock clock) {
        this.pool = pool;
        this.hasher = hasher;
        this.config = config;
        this.audit = audit;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Passes (with how) when the admin has no PIN or {@code presented} is it and the PIN is not
     * locked; otherwise fails with 403 {@code admin-pin-required}, the same for a missing, a wrong and
     * a locked PIN. An admin that no longer exists is refused too.
     */
    public Uni<Outcome> check(UUID adminId, String presented, ClientInfo client) {
        Instant now = clock.instant();
        return pool.preparedQuery(STATE).execute(Tuple.of(adminId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return refused();
                    }
                    Row row = rows.iterator().next();
                    if (row.getString("admin_pin_hash") == null) {
                        return Uni.createFrom().item(Outcome.NO_PIN);
                    }
                    Instant lockedUntil = instant(row, "admin_pin_locked_until");
                    if (lockedUntil != null && lockedUntil.isAfter(now)) {
                        return refused(); // locked: not compared, not counted
                    }
                    if (presented == null || presented.isEmpty()) {
                        return refused(); // no guess made: nothing to count (a forgotten header locks nobody out)
                    }
                    return claimAndCompare(adminId, presented, now, client);
                });
    }

    private Uni<Outcome> claimAndCompare(UUID adminId, String presented, Instant now, ClientInfo client) {
        Tuple args = Tuple.of(adminId, now.atOffset(ZoneOffset.UTC), config.maxFailures(),
                (double) config.lockDuration().toSeconds(), (double) config.maxLockDuration().toSeconds());
        return pool.preparedQuery(CLAIM).execute(args)
                .map(AdminPinGuard::claim)
                .chain(claim -> {
                    if (claim == null) {
                        return refused();
                    }
                    if (claim.hash() == null) {
                        return Uni.createFrom().item(Outcome.NO_PIN);
                    }
                    if (!claim.counted()) {
                        return refused(); // locked: not compared, not counted
                    }
                    return compare(adminId, presented, claim, now, client);
                });
    }

    private Uni<Outcome> compare(UUID adminId, String presented, Claim claim, Instant now, ClientInfo client) {
        return hasher.verify(presented, claim.hash()).map(check -> check.matches()).chain(matches -> {
            if (matches) {
                OffsetDateTime ownLock = claim.locking() ? claim.lockedUntil().atOffset(ZoneOffset.UTC) : null;
                return pool.preparedQuery(RIGHT).execute(Tuple.of(adminId, now.atOffset(ZoneOffset.UTC), ownLock))
                        .map(ignored -> presented.length() < MIN_LENGTH ? Outcome.RIGHT_BUT_SHORT : Outcome.RIGHT);
            }
            Uni<Void> notices = claim.locking()
                    ? locked(adminId, claim, client)
                    : Uni.createFrom().voidItem();
            return notices.chain(() -> refused());
        });
    }

    /** Records the lock and mails the admin; a failure to do so never changes the answer. */
    private Uni<Void> locked(UUID adminId, Claim claim, ClientInfo client) {
        String until = claim.lockedUntil().toString();
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.ADMIN_PIN_LOCKED, adminId, client)
                .by(null)
                .with("locked_until", until)
                .with("lock_level", claim.lockLevel()))
                .chain(() -> Panache.withTransaction(() -> notifications.queueMail(MailTemplate.ADMIN_PIN_LOCKED, adminId,
                        claim.email(), Map.of("locked_until", until))))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Admin PIN of %s locked, but its notices could not be queued (%s)", adminId,
                            failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private static Claim claim(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row row = rows.iterator().next();
        Integer level = row.getInteger("lock_level");
        return new Claim(row.getString("admin_pin_hash"), row.getUUID("claimed_id") != null,
                instant(row, "locked_until"), level == null ? 0 : level, row.getString("email"));
    }

    private static <T> Uni<T> refused() {
        return Uni.createFrom().failure(new VigilException(AdminPinError.ADMIN_PIN_REQUIRED,
                "Send your admin PIN in the " + RequiresAdminPin.HEADER + " header"));
    }
}
