package dev.vigil.auth;

import static dev.vigil.common.db.Rows.instant;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.AddressBlock;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.user.PasswordConfirmation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one owner of a user's credentials that live in the {@code users} row: the password hash, the
 * admin PIN hash, with {@link Lockout} the lockout state (the account-wide columns here, each
 * address's in {@code login_failures}) and with {@link AdminPinGuard} the admin PIN's failure count
 * and lock. Nothing else writes these columns;
 * each write is one statement of the columns it changes, inside the caller's transaction.
 *
 * <p>Reads for a login are single statements on the reactive pool (the login path is hot), joining
 * the account's status and whether TOTP is on.
 */
@ApplicationScoped
public class Credentials implements PasswordConfirmation {

    /**
     * $1 the login or id, $2 the client's address block (null: none). {@code locked_until} is the later
     * of the account-wide lock and that address's lock.
     */
    private static final String SUBJECT = """
            SELECT u.id, u.password_hash, u.roles, u.email_verified,
                   greatest(u.locked_until, (SELECT f.locked_until FROM login_failures f
                                              WHERE f.user_id = u.id AND f.address = $2)) AS locked_until,
                   u.banned_at, u.banned_until, u.ban_reason, a.subscription_type, a.account_status,
                   EXISTS (SELECT 1 FROM totp_credentials t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                       AS mfa_enabled
            FROM users u JOIN accounts a ON a.user_id = u.id
            """;

    private final PreparedQuery<RowSet<Row>> byId;
    private final PreparedQuery<RowSet<Row>> byUsername;
    private final PreparedQuery<RowSet<Row>> byEmail;
    private final PasswordHasher hasher;
    private final Lockout lockout;
    private final Clock clock;

    public Credentials(Pool pool, PasswordHasher hasher, Lockout lockout, Clock clock) {
        this.byId = pool.preparedQuery(SUBJECT + " WHERE u.id = $1");
        this.byUsername = pool.preparedQuery(SUBJECT + " WHERE u.username = $1");
        this.byEmail = pool.preparedQuery(SUBJECT + " WHERE lower(u.email) = lower($1)");
        this.hasher = hasher;
        this.lockout = lockout;
        this.clock = clock;
    }

    /**
     * What a login from {@code client} needs to know about the user a login names (username or email,
     * any case), or null. The lock it reports holds for the whole account or for the client's address.
     */
    Uni<LoginSubject> subject(String login, ClientInfo client) {
        boolean email = login.indexOf('@') >= 0;
        return (email ? byEmail : byUsername).execute(Tuple.of(email ? login : login.toLowerCase(Locale.ROOT),
                        AddressBlock.of(client.ip())))
                .map(Credentials::firstSubject);
    }

    /** The same, by user id (the second step of a login), or null when the user is gone. */
    Uni<LoginSubject> subject(UUID userId, ClientInfo client) {
        return byId.execute(Tuple.of(userId, AddressBlock.of(client.ip())))
                .map(Credentials::firstSubject);
    }

    @Override
    public Uni<Void> confirm(UUID userId, String password) {
        return subject(userId, ClientInfo.NONE)
                .chain(subject -> hasher.verify(password, subject == null ? null : subject.passwordHash()))
                .invoke(check -> {
                    if (!check.matches()) {
                        throw new VigilException(AuthError.WRONG_PASSWORD, "The password is not right");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Records a completed login: the time, the account-wide failure counter and lock count back to zero
     * (the address's own go back in {@link Lockout#loginCompleted}), and {@code newPasswordHash} when the
     * stored hash was due for a rehash (else null). Joins the caller's transaction.
     */
    @WithTransaction
    Uni<Void> recordLogin(UUID userId, String newPasswordHash) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE users SET last_login_at = :now, failed_attempts = 0,"
                        + " lock_level = 0, password_hash = coalesce(CAST(:hash AS varchar), password_hash) WHERE id = :id")
                        .setParameter("now", clock.instant())
                        .setParameter("hash", newPasswordHash)
                        .setParameter("id", userId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Replaces the password hash; with {@code clearLock} (a reset by mail) every lock of the account
     * and every failure count go too ({@link Lockout#clear}). Joins the caller's transaction.
     */
    @WithTransaction
    Uni<Void> setPassword(UUID userId, String passwordHash, boolean clearLock) {
        Uni<Void> cleared = clearLock
                ? lockout.clear(userId).replaceWithVoid() // takes the user's row lock first, as every lockout write does
                : Uni.createFrom().voidItem();
        return cleared
                .chain(Panache::getSession)
                .chain(session -> session.createNativeQuery("UPDATE users SET password_hash = :hash, updated_at = :now"
                        + " WHERE id = :id")
                        .setParameter("hash", passwordHash)
                        .setParameter("now", clock.instant())
                        .setParameter("id", userId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The first proof of the address, by a sign-in link: marks it verified and replaces the password
     * hash with {@code unusableHash} (of a random password nobody knows), because the password was set
     * by whoever registered the address without ever proving it. Only while the address is still
     * unverified; whether this call did it. Joins the caller's transaction.
     */
    @WithTransaction
    Uni<Boolean> claimUnverifiedAddress(UUID userId, String unusableHash) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE users SET email_verified = true, password_hash = :hash,"
                        + " updated_at = :now WHERE id = :id AND NOT email_verified")
                        .setParameter("hash", unusableHash)
                        .setParameter("now", clock.instant())
                        .setParameter("id", userId)
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    /**
     * Sets (a hash) or clears ({@code null}) the admin PIN; joins the caller's transaction. A new or
     * removed PIN starts with a clean slate: its failure count, lock and doubling go.
     */
    @WithTransaction
    public Uni<Void> setAdminPinHash(UUID userId, String pinHash) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE users SET admin_pin_hash = :hash, updated_at = :now,"
                        + " admin_pin_failures = 0, admin_pin_lock_level = 0, admin_pin_locked_until = NULL"
                        + " WHERE id = :id")
                        .setParameter("hash", pinHash)
                        .setParameter("now", clock.instant())
                        .setParameter("id", userId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static LoginSubject firstSubject(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row row = rows.iterator().next();
        return new LoginSubject(row.getUUID("id"), row.getString("password_hash"),
                new LinkedHashSet<>(Arrays.asList(row.getString("roles").split(","))),
                row.getBoolean("email_verified"), row.getString("subscription_type"),
                "fulfilled".equals(row.getString("account_status")), instant(row, "locked_until"),
                instant(row, "banned_at"), instant(row, "banned_until"), row.getString("ban_reason"),
                row.getBoolean("mfa_enabled"));
    }
}
