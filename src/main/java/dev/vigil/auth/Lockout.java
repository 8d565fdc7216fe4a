package dev.vigil.auth;

import static dev.vigil.common.db.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.db.BackgroundRounds;
import dev.vigil.common.http.AddressBlock;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.AdminWebhook;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The lockout, counted per (account, client address) so that nobody can lock an owner out from afar.
 *
 * <ul>
 * <li>After {@code vigil.lockout.max-failures} consecutive failed logins from one address (IPv6: its
 * /64, see {@link AddressBlock}) the account locks <em>for that address</em> for
 * {@code vigil.lockout.duration}, doubled for each earlier lock of that address, up to
 * {@code vigil.lockout.max-duration}. The right password from any other address still logs in.</li>
 * <li>After {@code vigil.lockout.account-max-failures} failures from all addresses together (counted
 * since the last completed login, reset, unlock or account-wide lock) the account locks for every
 * address for {@code vigil.lockout.max-duration}.</li>
 * <li>Failures while a lock holds (the address's or the account's) are not counted. A completed login
 * resets its address's counter and doubling and the account-wide counter ({@link #loginCompleted},
 * {@link Credentials#recordLogin}); a password reset, the mailed unlock link and an admin's unlock
 * clear every lock and failure count of the account ({@link #clear}).</li>
 * <li>Every lock mails the owner a one-time unlock link ({@link TokenPurpose#UNLOCK}).</li>
 * </ul>
 *
 * <p>Per-address state lives in {@code login_failures}, the account-wide state in the lockout columns
 * of {@code users}. A failure is counted by one statement on a connection of its own (auto-commit),
 * so it stays whatever happens to the caller's work, and parallel failures are counted exactly: the
 * statement locks the user's row first, so the 5th of 50 simultaneous wrong passwords from one address
 * locks it and the other 45 find the lock. Whoever clears a lock from its row (the expiry job, an
 * unlock, or the next failure after a lock ended) records {@code account.unlocked}, so each lock that
 * runs out gets one such event.
 */
@ApplicationScoped
public class Lockout {

    static final int EXPIRY_BATCH = 500;
    private static final Logger LOG = Logger.getLogger(Lockout.class);

    /**
     * $1 user, $2 address block, $3 now, $4 max failures per address, $5 first lock in seconds, $6 longest
     * lock in seconds, $7 max failures of the account. No row when nobody was named or a lock holds
     * (nothing counted). A lock that ended but is still in its row is cleared as the failure is counted
     * and reported as {@code previous_address_lock} / {@code previous_account_lock}.
     *
     * <p>{@code cur} takes the user's row lock before anything else is read, and {@code prev} reads the
     * address row under a row lock, so both see what earlier failures committed. {@code addr} inserts
     * or counts the address row; its {@code WHERE} also guards a row that a failure committed after this
     * statement's snapshot (then {@code prev} saw nothing, and {@code ON CONFLICT} sees the row as it
     * is now). The account is counted only when the address was ({@code FROM cur, addr}).
     */
    private static final String RECORD_FAILURE = """
            WITH cur AS (
                SELECT id, email, username, failed_attempts, lock_level, locked_until FROM users WHERE id = $1 FOR UPDATE
            ), prev AS (
                SELECT f.locked_until FROM login_failures f JOIN cur ON f.user_id = cur.id
                WHERE f.address = $2 FOR UPDATE OF f
            ), counted AS (
                SELECT cur.id, prev.locked_until AS previous_lock FROM cur LEFT JOIN prev ON true
                WHERE (cur.locked_until IS NULL OR cur.locked_until <= $3::timestamptz)
                  AND (prev.locked_until IS NULL OR prev.locked_until <= $3::timestamptz)
            ), addr AS (
                INSERT INTO login_failures AS f (user_id, address, failed_attempts, lock_level, locked_until, last_failed_at)
                SELECT counted.id, $2,
                       CASE WHEN 1 >= $4::int THEN 0 ELSE 1 END,
                       CASE WHEN 1 >= $4::int THEN 1 ELSE 0 END,
                       CASE WHEN 1 >= $4::int THEN $3::timestamptz + make_interval(secs => least($5::float8, $6::float8)) END,
                       $3::timestamptz
                FROM counted
                ON CONFLICT (user_id, address) DO UPDATE SET
                    failed_attempts = CASE WHEN f.failed_attempts + 1 >= $4::int THEN 0 ELSE f.failed_attempts + 1 END,
                    lock_level = CASE WHEN f.failed_attempts + 1 >= $4::int THEN f.lock_level + 1 ELSE f.lock_level END,
                    locked_until = CASE WHEN f.failed_attempts + 1 >= $4::int
                        THEN $3::timestamptz + make_interval(secs => least($5::float8 * power(2, least(f.lock_level, 40)), $6::float8))
                        ELSE NULL END,
                    last_failed_at = $3::timestamptz
                WHERE f.locked_until IS NULL OR f.locked_until <= $3::timestamptz
                RETURNING f.locked_until, f.lock_level
            ), acct AS (
                UPDATE users u SET
                    failed_attempts = CASE WHEN cur.failed_attempts + 1 >= $7::int THEN 0 ELSE cur.failed_attempts + 1 END,
                    lock_level = CASE WHEN cur.failed_attempts + 1 >= $7::int THEN cur.lock_level + 1 ELSE cur.lock_level END,
                    locked_until = CASE WHEN cur.failed_attempts + 1 >= $7::int
                        THEN $3::timestamptz + make_interval(secs => $6::float8) ELSE NULL END
                FROM cur, addr
                WHERE u.id = cur.id
                RETURNING u.locked_until, u.lock_level
            )
            SELECT cur.email, cur.username, counted.previous_lock AS previous_address_lock,
                   CASE WHEN cur.locked_until <= $3::timestamptz THEN cur.locked_until END AS previous_account_lock,
                   addr.locked_until AS address_locked_until, addr.lock_level AS address_lock_level,
                   acct.locked_until AS account_locked_until, acct.lock_level AS account_lock_level
            FROM cur JOIN counted ON true JOIN addr ON true JOIN acct ON true""";

    /** Clears the account-wide lock and counter (the user's row lock first); how many locks held. */
    private static final String CLEAR_ACCOUNT = """
            WITH cur AS (SELECT id, locked_until FROM users WHERE id = :id FOR UPDATE),
            cleared AS (
                UPDATE users u SET failed_attempts = 0, locked_until = NULL FROM cur WHERE u.id = cur.id
                RETURNING cur.locked_until
            )
            SELECT count(*) FROM cleared WHERE locked_until > :now""";

    /** Clears every address lock and counter of the account (the doubling stays); how many locks held. */
    private static final String CLEAR_ADDRESSES = """
            WITH old AS (
                SELECT address, locked_until FROM login_failures
                WHERE user_id = :id AND (failed_attempts > 0 OR locked_until IS NOT NULL) FOR UPDATE
            ), cleared AS (
                UPDATE login_failures f SET failed_attempts = 0, locked_until = NULL
                FROM old WHERE f.user_id = :id AND f.address = old.address
                RETURNING old.locked_until
            )
            SELECT count(*) FROM cleared WHERE locked_until > :now""";

    /** Claims ended account-wide locks; SKIP LOCKED lets several instances (and failures) share the work. */
    private static final String EXPIRE_ACCOUNTS = """
            WITH due AS (
                SELECT id, locked_until FROM users WHERE locked_until <= $1 ORDER BY locked_until LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE users u SET locked_until = NULL
            FROM due WHERE u.id = due.id
            RETURNING u.id AS user_id, CAST(NULL AS varchar) AS address, due.locked_until AS previous_lock""";

    /** Claims ended address locks, like {@link #EXPIRE_ACCOUNTS}. */
    private static final String EXPIRE_ADDRESSES = """
            WITH due AS (
                SELECT user_id, address, locked_until FROM login_failures WHERE locked_until <= $1
                ORDER BY locked_until LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE login_failures f SET locked_until = NULL
            FROM due WHERE f.user_id = due.user_id AND f.address = due.address
            RETURNING f.user_id, f.address, due.locked_until AS previous_lock""";

    private final Pool pool;
    private final LockoutConfig config;
    private final SecurityEvents audit;
    private final NotificationService notifications;
    private final AdminWebhook adminWebhook;
    private final OneTimeTokens tokens;
    private final AuthMetrics metrics;
    private final Clock clock;

    public Lockout(Pool pool, LockoutConfig config, SecurityEvents audit, NotificationService notifications,
            AdminWebhook adminWebhook, OneTimeTokens tokens, AuthMetrics metrics, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.audit = audit;
        this.notifications = notifications;
        this.adminWebhook = adminWebhook;
        this.tokens = tokens;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Counts a failed login of the user from the client's address. {@code null} (a login that names
     * nobody) runs the same statement against no row, so an unknown login costs what a known one
     * does. The failure that reaches a limit locks (the address, or the whole account), mails the
     * owner an unlock link, records {@code account.locked} and announces {@code user.locked} to the
     * admin webhook.
     */
    public Uni<Void> recordFailure(UUID userId, ClientInfo client) {
        Instant now = clock.instant();
        String address = AddressBlock.of(client.ip());
        Tuple args = Tuple.tuple()
                .addUUID(userId == null ? UUID.randomUUID() : userId)
                .addString(address)
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                .addInteger(config.maxFailures())
                .addDouble((double) config.duration().toSeconds())
                .addDouble((double) config.maxDuration().toSeconds())
                .addInteger(config.accountMaxFailures());
        return pool.preparedQuery(RECORD_FAILURE).execute(args)
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().voidItem(); // nobody, or locked: not counted
                    }
                    Row row = rows.iterator().next();
                    return ended(userId, address, instant(row, "previous_address_lock"))
                            .chain(() -> ended(userId, null, instant(row, "previous_account_lock")))
                            .chain(() -> lockedIfSo(userId, address, row, client));
                });
    }

    /**
     * A completed login from the client's address (after the second factor, when there is one):
     * that address's counter and doubling start over. Joins the caller's transaction, which has
     * already updated the user's row ({@link Credentials#recordLogin}), so rows are locked in the
     * order every lockout statement takes them: user, then address.
     */
    @WithTransaction
    Uni<Void> loginCompleted(UUID userId, ClientInfo client) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE login_failures SET failed_attempts = 0, lock_level = 0"
                        + " WHERE user_id = :id AND address = :address")
                        .setParameter("id", userId)
                        .setParameter("address", AddressBlock.of(client.ip()))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Clears every lock of the account, the account-wide one and each address's, and every failure
     * count; each address keeps its doubling, so an attacker who goes on locks longer next time.
     * Joins the caller's transaction (a password reset, an unlock). Takes the user's row lock first,
     * so a failure counted at the same time is either cleared too or counted afterwards.
     *
     * @return how many locks were in force
     */
    @WithTransaction
    public Uni<Long> clear(UUID userId) {
        Instant now = clock.instant();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLEAR_ACCOUNT, Long.class)
                        .setParameter("id", userId)
                        .setParameter("now", now)
                        .getSingleResult()
                        .chain(account -> session.createNativeQuery(CLEAR_ADDRESSES, Long.class)
                                .setParameter("id", userId)
                                .setParameter("now", now)
                                .getSingleResult()
                                .map(addresses -> account + addresses)));
    }

    /**
     * An admin's unlock: clears every lock and failure count of the account ({@link #clear}) and
     * records {@code account.unlocked} by {@code actorId} ({@code null} for a job). A user that does
     * not exist is left alone.
     */
    public Uni<Void> unlock(UUID userId, UUID actorId, ClientInfo client) {
        return Panache.withTransaction(() -> clear(userId)
                .chain(held -> audit.record(SecurityEvent.of(SecurityEventType.ACCOUNT_UNLOCKED, userId, client)
                        .by(actorId)
                        .with("locks_cleared", held))));
    }

    /**
     * {@code POST /api/v1/auth/unlock}: the owner follows the link of an account-locked mail. Spends the
     * token, clears every lock and failure count of its account and records {@code account.unlocked}
     * by the owner. 400 {@code invalid-token} / {@code expired-token} / {@code used-token} otherwise.
     *
     * <p>The user's row is locked before the token is spent, so simultaneous uses of one link queue
     * up, and exactly the first spends it; the others find it used.
     */
    public Uni<Void> unlockWithToken(String token, ClientInfo client) {
        return tokens.check(TokenPurpose.UNLOCK, token)
                .chain(owner -> Panache.withTransaction(() -> lockUserRow(owner.userId())
                        .chain(() -> tokens.consume(TokenPurpose.UNLOCK, token))
                        .chain(use -> clear(use.userId())
                                .chain(held -> audit.record(SecurityEvent.of(SecurityEventType.ACCOUNT_UNLOCKED,
                                        use.userId(), client)
                                        .with("via", "link")
                                        .with("locks_cleared", held))))));
    }

    private static Uni<Void> lockUserRow(UUID userId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*) FROM (SELECT id FROM users WHERE id = :id"
                        + " FOR UPDATE) locked", Long.class)
                        .setParameter("id", userId)
                        .getSingleResult())
                .replaceWithVoid();
    }

    @Scheduled(every = "${vigil.lockout.unlock-scan-every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scanForEndedLocks() {
        return BackgroundRounds.retriedNextRound(expireEndedLocks()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.debugf("Cleared %d ended locks", count);
                    }
                }), LOG, "Clearing ended locks");
    }

    /** Clears every lock that has ended (account-wide and per address) and records one {@code account.unlocked} each; how many. */
    Uni<Integer> expireEndedLocks() {
        return expire(EXPIRE_ACCOUNTS)
                .chain(accounts -> expire(EXPIRE_ADDRESSES).map(addresses -> accounts + addresses));
    }

    private Uni<Integer> expire(String statement) {
        return pool.preparedQuery(statement).execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC), EXPIRY_BATCH))
                .chain(this::recordExpired)
                .chain(count -> count < EXPIRY_BATCH ? Uni.createFrom().item(count)
                        : expire(statement).map(more -> count + more));
    }

    private Uni<Integer> recordExpired(RowSet<Row> rows) {
        List<Row> expired = new ArrayList<>(rows.size());
        rows.forEach(expired::add);
        return Multi.createFrom().iterable(expired)
                .onItem().transformToUniAndConcatenate(row -> ended(row.getUUID("user_id"), row.getString("address"),
                        instant(row, "previous_lock")))
                .collect().last()
                .replaceWith(expired.size());
    }

    /** Records that a lock ran out ({@code address} null: the account-wide one); nothing for no lock. */
    private Uni<Void> ended(UUID userId, String address, Instant previousLock) {
        if (previousLock == null) {
            return Uni.createFrom().voidItem();
        }
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.ACCOUNT_UNLOCKED, userId, ClientInfo.NONE)
                .by(null)
                .with("scope", address == null ? "account" : "address")
                .with("address", address)
                .with("locked_until", previousLock.toString()));
    }

    private Uni<Void> lockedIfSo(UUID userId, String address, Row row, ClientInfo client) {
        Instant accountLock = instant(row, "account_locked_until");
        Instant addressLock = instant(row, "address_locked_until");
        if (accountLock == null && addressLock == null) {
            return Uni.createFrom().voidItem();
        }
        boolean everywhere = accountLock != null;
        Instant until = everywhere ? accountLock : addressLock;
        int level = everywhere ? row.getInteger("account_lock_level") : row.getInteger("address_lock_level");
        return locked(userId, row.getString("email"), row.getString("username"), address, everywhere, until, level,
                client);
    }

    private Uni<Void> locked(UUID userId, String email, String username, String address, boolean everywhere,
            Instant lockedUntil, int level, ClientInfo client) {
        metrics.locked();
        String scope = everywhere ? "account" : "address";
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("locked_until", lockedUntil.toString());
        facts.put("everywhere", everywhere);
        facts.put("address", address);
        Map<String, Object> announced = new LinkedHashMap<>();
        announced.put("user_id", userId.toString());
        announced.put("username", username);
        announced.put("locked_until", lockedUntil.toString());
        announced.put("lock_level", level);
        announced.put("scope", scope);
        announced.put("address", address);
        String summary = everywhere
                ? "User " + username + " locked for every address after " + config.accountMaxFailures()
                        + " failed logins, until " + lockedUntil
                : "User " + username + " locked for " + address + " after repeated failed logins, until " + lockedUntil;
        return audit.recordAlone(SecurityEvent.of(SecurityEventType.ACCOUNT_LOCKED, userId, client)
                .by(null)
                .with("scope", scope)
                .with("address", address)
                .with("locked_until", lockedUntil.toString())
                .with("lock_level", level))
                .chain(() -> Panache.withTransaction(() -> notifications.queueMailWithLink(MailTemplate.ACCOUNT_LOCKED,
                        userId, email, facts, TokenPurpose.UNLOCK, null)
                        .chain(() -> adminWebhook.announce("user.locked", summary, announced))))
                .onFailure().recoverWithUni(failure -> {
                    // The lock stands; only the notices are missing. The login answer must not change.
                    LOG.warnf("Account %s locked, but its notices could not be queued (%s)", userId, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
