package dev.vigil.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL for {@code api_keys}. Writes join the caller's Hibernate Reactive transaction (so the security
 * event commits with them); reads and the batched {@code last_used_at} update use the reactive pool.
 * A user's keys have {@code user_id}; service keys have none.
 */
@ApplicationScoped
class ApiKeyRepository {

    private static final String INSERT = "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, created_by,"
            + " created_at, expires_at) VALUES (:id, :user, :name, :prefix, :hash, :scopes, :by, :at, :expires)";

    private static final String DELETE_OF_USER = "DELETE FROM api_keys WHERE id = :id AND user_id = :user RETURNING prefix";

    private static final String DELETE_SERVICE = "DELETE FROM api_keys WHERE id = :id AND user_id IS NULL RETURNING prefix";

    private static final String COUNT_OF_USER = "SELECT count(*) FROM api_keys WHERE user_id = $1";

    private static final String COLUMNS = "SELECT id, name, prefix, scopes, created_at, last_used_at, expires_at FROM api_keys";

    private static final String PAGE_OF_USER = COLUMNS + " WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3";

    private static final String COUNT_SERVICE = "SELECT count(*) FROM api_keys WHERE user_id IS NULL";

    private static final String PAGE_SERVICE = COLUMNS + " WHERE user_id IS NULL ORDER BY created_at DESC, id LIMIT $1 OFFSET $2";

    private static final String BY_PREFIX = """
            SELECT k.id, k.user_id, k.key_hash, k.scopes, k.expires_at,
                   u.roles, u.banned_at, u.banned_until, a.subscription_type, a.account_status
            FROM api_keys k LEFT JOIN users u ON u.id = k.user_id LEFT JOIN accounts a ON a.user_id = k.user_id
            WHERE k.prefix = $1""";

    private static final String TOUCH = "UPDATE api_keys k SET last_used_at = v.at"
            + " FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)"
            + " WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.at)";

    private final Pool pool;

    ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored key as the API shows it. */
    record Listed(UUID id, String name, String prefix, List<String> scopes, Instant createdAt, Instant lastUsedAt,
            Instant expiresAt) {
    }

    /** In the caller's transaction. {@code userId} null: a service key. */
    Uni<Void> insert(UUID id, UUID userId, String name, String prefix, byte[] hash, List<String> scopes, UUID createdBy,
            Instant createdAt, Instant expiresAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("id", id)
                .setParameter("user", userId)
                .setParameter("name", name)
                .setParameter("prefix", prefix)
                .setParameter("hash", hash)
                .setParameter("scopes", String.join(",", scopes))
                .setParameter("by", createdBy)
                .setParameter("at", createdAt)
                .setParameter("expires", expiresAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** In the caller's transaction; the deleted key's prefix, or null when the user has no such key. */
    Uni<String> deleteOfUser(UUID id, UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(DELETE_OF_USER, String.class)
                .setParameter("id", id)
                .setParameter("user", userId)
                .getResultList())
                .map(prefixes -> prefixes.isEmpty() ? null : prefixes.get(0));
    }

    /** In the caller's transaction; how many keys of the user were deleted. */
    Uni<Integer> deleteAllOfUser(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM api_keys WHERE user_id = :user")
                .setParameter("user", userId)
                .executeUpdate());
    }

    /** In the caller's transaction; the deleted service key's prefix, or null. */
    Uni<String> deleteService(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(DELETE_SERVICE, String.class)
                .setParameter("id", id)
                .getResultList())
                .map(prefixes -> prefixes.isEmpty() ? null : prefixes.get(0));
    }

    /** In the caller's transaction, so that a count and an insert see the same rows. */
    Uni<Long> countOfUser(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FROM api_keys WHERE user_id = :user", Long.class)
                .setParameter("user", userId)
                .getSingleResult());
    }

    Uni<List<Listed>> pageOfUser(UUID userId, int size, long offset) {
        return pool.preparedQuery(PAGE_OF_USER).execute(Tuple.of(userId, size, offset))
                .map(ApiKeyRepository::listed);
    }

    Uni<Long> totalOfUser(UUID userId) {
        return pool.preparedQuery(COUNT_OF_USER).execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<List<Listed>> pageOfServices(int size, long offset) {
        return pool.preparedQuery(PAGE_SERVICE).execute(Tuple.of(size, offset))
                .map(ApiKeyRepository::listed);
    }

    Uni<Long> totalOfServices() {
        return pool.query(COUNT_SERVICE).execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The key with this prefix and its owner's standing, or a null item. */
    Uni<Row> findByPrefix(String prefix) {
        return pool.preparedQuery(BY_PREFIX).execute(Tuple.of(prefix))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
    }

    /** Records the latest use of each key in one statement; never moves a time backwards. */
    Uni<Void> touch(Map<UUID, Instant> lastUses) {
        UUID[] ids = lastUses.keySet().toArray(new UUID[0]);
        OffsetDateTime[] times = Arrays.stream(ids)
                .map(id -> lastUses.get(id).atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(TOUCH).execute(Tuple.of(ids, times))
                .replaceWithVoid();
    }

    private static List<Listed> listed(Iterable<Row> rows) {
        List<Listed> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(new Listed(row.getUUID("id"), row.getString("name"), row.getString("prefix"),
                    scopes(row.getString("scopes")), instant(row.getOffsetDateTime("created_at")),
                    instant(row.getOffsetDateTime("last_used_at")), instant(row.getOffsetDateTime("expires_at"))));
        }
        return list;
    }

    static List<String> scopes(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
