package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.common.db.BackgroundRounds;
import dev.vigil.common.db.HousekeepingTask;
import dev.vigil.common.error.VigilException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Replaces the stored signing key: on a superuser's request, and by itself once the signing key has
 * signed for {@code vigil.tokens.signing-key-rotate-every}.
 *
 * <p>A rotation stores a new key that signs from {@code signing-key-publish-ahead} later and retires
 * the current one at that same instant. Until then only the old key signs, while the new one is
 * already in every instance's JWKS (each reloads within {@code signing-key-check-every}) and so in
 * every verifier's cache. The old key is published and accepted until its last token expired, then
 * dropped; housekeeping deletes its row. One rotation at a time across instances: the decision is
 * taken under a transaction-scoped advisory lock, and while a new key waits to sign, asking again
 * answers with that key instead of making another. The new key has the algorithm configured on the
 * instance that makes it ({@code vigil.tokens.signing-algorithm}).
 */
@ApplicationScoped
public class SigningKeyRotation implements HousekeepingTask {

    private static final Logger LOG = Logger.getLogger(SigningKeyRotation.class);

    private static final String LOCK = "SELECT CAST(pg_advisory_xact_lock($1) AS text)";
    private static final String NEWEST = """
            SELECT kid, activates_at FROM signing_keys WHERE retired_at IS NULL
            ORDER BY activates_at DESC LIMIT 1""";
    private static final String INSERT = """
            INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at, activates_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String RETIRE = "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL AND kid <> $2";

    private final SigningKeys keys;
    private final Pool pool;
    private final TokenConfig config;
    private final Clock clock;

    /**
     * A rotation's outcome: the new key, from when it signs, and the key it replaces.
     * {@code created} is false when a key made earlier was still waiting to sign (and is answered instead).
     */
    public record Rotation(String kid, Instant signsFrom, String replacesKid, boolean created) {
    }

    public SigningKeyRotation(SigningKeys keys, Pool pool, TokenConfig config, Clock clock) {
        this.keys = keys;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    /** Rotates now (a superuser asked): 409 when the key comes from a file. */
    public Uni<Rotation> rotate() {
        if (keys.fromFile()) {
            return Uni.createFrom().failure(new VigilException(SigningKeyError.FROM_FILE,
                    "The signing key comes from vigil.tokens.signing-key-file: replace that file to change it"));
        }
        return rotate(false);
    }

    /** Rotates when the signing key has signed for the configured period; null when it was not due. */
    Uni<Rotation> rotateIfDue() {
        return keys.fromFile() ? Uni.createFrom().nullItem() : rotate(true);
    }

    /** Reloads the keys, then rotates when that is due (every {@code vigil.tokens.signing-key-check-every}). */
    @Scheduled(every = "${vigil.tokens.signing-key-check-every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return BackgroundRounds.retriedNextRound(keys.reload()
                .chain(() -> dueHere() ? rotateIfDue() : Uni.createFrom().nullItem()), LOG, "Checking the signing keys");
    }

    @Override
    public String what() {
        return "signing keys whose last token expired";
    }

    @Override
    public Uni<Long> prune() {
        Instant before = clock.instant().minus(keys.lastTokenLife());
        return pool.preparedQuery("DELETE FROM signing_keys WHERE retired_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> (long) rows.rowCount());
    }

    /** What this instance holds says a rotation is due (the database has the last word). */
    private boolean dueHere() {
        if (keys.fromFile()) {
            return false;
        }
        Instant now = clock.instant();
        return keys.all().stream()
                .filter(key -> key.retiredAt() == null)
                .allMatch(key -> !key.activatesAt().plus(config.signingKeyRotateEvery()).isAfter(now));
    }

    private Uni<Rotation> rotate(boolean onlyIfDue) {
        return Uni.createFrom().item(() -> SigningKeys.generate(config.signingAlgorithm(), Instant.EPOCH, null))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(fresh -> pool.withTransaction(connection -> rotateLocked(connection, fresh, onlyIfDue)))
                // Also when another instance made the key a moment ago: this one publishes it at once too.
                .call(rotation -> rotation != null ? keys.reload() : Uni.createFrom().voidItem())
                .invoke(rotation -> {
                    if (rotation != null && rotation.created()) {
                        LOG.infof("New signing key %s signs from %s; key %s is retired then", rotation.kid(),
                                rotation.signsFrom(), rotation.replacesKid());
                    }
                });
    }

    private Uni<Rotation> rotateLocked(SqlConnection connection, SigningKey fresh, boolean onlyIfDue) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(SigningKeys.KEY_LOCK))
                .chain(() -> connection.query(NEWEST).execute())
                .chain(rows -> {
                    Instant now = clock.instant();
                    Iterator<Row> found = rows.iterator();
                    Row newest = found.hasNext() ? found.next() : null;
                    String newestKid = newest == null ? null : newest.getString("kid");
                    Instant newestFrom = newest == null ? null : newest.getOffsetDateTime("activates_at").toInstant();
                    if (newestFrom != null && newestFrom.isAfter(now)) {
                        return Uni.createFrom().item(new Rotation(newestKid, newestFrom, keys.current().kid(), false));
                    }
                    if (onlyIfDue && newestFrom != null && newestFrom.plus(config.signingKeyRotateEvery()).isAfter(now)) {
                        return Uni.createFrom().nullItem();
                    }
                    Instant signsFrom = now.plus(config.signingKeyPublishAhead());
                    SigningKey key = fresh.living(signsFrom, null);
                    return connection.preparedQuery(INSERT)
                            .execute(Tuple.tuple()
                                    .addString(key.kid())
                                    .addString(key.algorithm().name())
                                    .addString(SigningKeys.storedPublicKey(key))
                                    .addString(keys.storedPrivateKey(key))
                                    .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                                    .addOffsetDateTime(signsFrom.atOffset(ZoneOffset.UTC)))
                            .chain(() -> connection.preparedQuery(RETIRE)
                                    .execute(Tuple.of(signsFrom.atOffset(ZoneOffset.UTC), key.kid())))
                            .map(ignored -> new Rotation(key.kid(), signsFrom, newestKid, true));
                });
    }
}
