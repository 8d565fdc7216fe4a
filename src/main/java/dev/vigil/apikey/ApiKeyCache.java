package dev.vigil.apikey;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.vigil.auth.ApiKeyAuthenticator;
import dev.vigil.auth.ApiKeyGrant;
import dev.vigil.auth.UserActivityListener;
import dev.vigil.common.db.ChannelListener;
import dev.vigil.common.db.ListenerConnections;
import dev.vigil.common.security.ApiKeyScopes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Checks API keys without a database round trip in the steady state: each key is read once, with
 * its owner's standing (roles, ban, release, tier), and kept in memory. Whatever changes a key or
 * its owner is announced on {@value #CHANNEL} by a database trigger when it commits, and drops the
 * owner's keys from every instance's cache; the next request reads them afresh. While the listener
 * is down every request reads the database, and the cache is emptied when it is back.
 *
 * <p>Uses are remembered in memory and written to {@code last_used_at} in one statement every
 * {@code vigil.api-keys.last-used-flush-every}, not once per request.
 */
@ApplicationScoped
public class ApiKeyCache implements ApiKeyAuthenticator {

    static final String CHANNEL = "vigil_api_key_changed";

    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    private static final Set<String> USER_ONLY = Set.of("user");
    private static final Set<String> SERVICE_ROLES = Set.of("service");

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Vertx vertx;
    private final PgConnectOptions connectOptions;
    private final Cache<String, Entry> entries;
    /** Moves on every invalidation, so that a read that raced with one is not cached. */
    private final AtomicLong generation = new AtomicLong();
    private final Map<UUID, Instant> lastUses = new ConcurrentHashMap<>();
    /** Resolved once: the hot paths call them on every login, refresh and key use. */
    private final List<UserActivityListener> activity;
    private volatile boolean listening;
    private ChannelListener listener;

    /** A stored key with its owner's standing, as read from the database. */
    record Entry(byte[] hash, ApiKeyGrant grant, Instant expiresAt, Instant bannedAt, Instant bannedUntil,
            boolean released) {

        boolean usableAt(Instant now) {
            boolean expired = expiresAt != null && !expiresAt.isAfter(now);
            boolean banned = bannedAt != null && (bannedUntil == null || bannedUntil.isAfter(now));
            return !expired && !banned && !released;
        }
    }

    public ApiKeyCache(ApiKeyRepository keys, ApiKeyConfig config, Clock clock, Vertx vertx,
            ListenerConnections connections, Instance<UserActivityListener> activity) {
        this.keys = keys;
        this.activity = activity.stream().toList();
        this.clock = clock;
        this.vertx = vertx;
        this.connectOptions = connections.forListener("vigil-api-key-listener");
        this.entries = Caffeine.newBuilder()
                .maximumSize(config.cacheSize())
                .build();
    }

    void onStart(@Observes StartupEvent event) {
        listener = new ChannelListener(vertx, connectOptions, CHANNEL, this::announced, this::subscribed,
                () -> listening = false);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }

    @Override
    public boolean recognizes(String bearer) {
        return bearer.startsWith(ApiKeyFormat.MARKER);
    }

    @Override
    public Uni<ApiKeyGrant> authenticate(String key) {
        if (!ApiKeyFormat.isPlausible(key)) {
            return Uni.createFrom().nullItem();
        }
        String prefix = ApiKeyFormat.prefixOf(key);
        Entry cached = listening ? entries.getIfPresent(prefix) : null;
        if (cached != null) {
            return Uni.createFrom().item(check(cached, key));
        }
        long seen = generation.get();
        return keys.findByPrefix(prefix)
                .map(row -> {
                    if (row == null) {
                        return null;
                    }
                    Entry entry = entry(row);
                    if (listening && generation.get() == seen) {
                        entries.put(prefix, entry);
                    }
                    return check(entry, key);
                });
    }

    /** Forgets the keys of this principal here at once (other instances learn it from the channel). */
    void forget(UUID principalId) {
        generation.incrementAndGet();
        entries.asMap().values().removeIf(entry -> entry.grant().principalId().equals(principalId));
    }

    /** Writes the collected uses; returns when they are stored. */
    @Scheduled(every = "${vigil.api-keys.last-used-flush-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushLastUses() {
        if (lastUses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : new HashSet<>(lastUses.keySet())) {
            Instant at = lastUses.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        return keys.touch(batch)
                .onFailure().invoke(e -> {
                    LOG.warnf("Could not record API key uses (%s); keeping them for the next round", e.getMessage());
                    batch.forEach((id, at) -> lastUses.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    boolean isListening() {
        return listening;
    }

    private ApiKeyGrant check(Entry entry, String key) {
        Instant now = clock.instant();
        if (!ApiKeyFormat.matches(entry.hash(), key) || !entry.usableAt(now)) {
            return null;
        }
        lastUses.put(entry.grant().keyId(), now);
        if (!entry.grant().service()) {
            for (UserActivityListener listener : activity) {
                listener.active(entry.grant().principalId());
            }
        }
        return entry.grant();
    }

    private static Entry entry(Row row) {
        UUID keyId = row.getUUID("id");
        UUID userId = row.getUUID("user_id");
        Set<String> scopes = Set.copyOf(ApiKeyRepository.scopes(row.getString("scopes")));
        Instant expiresAt = instant(row.getOffsetDateTime("expires_at"));
        if (userId == null) {
            ApiKeyGrant grant = new ApiKeyGrant(keyId, keyId, true, SERVICE_ROLES, Set.of(), null);
            return new Entry(row.getBuffer("key_hash").getBytes(), grant, expiresAt, null, null, false);
        }
        Set<String> ownerRoles = Set.of(row.getString("roles").split(","));
        Set<String> roles = scopes.contains(ApiKeyScopes.ADMIN) && ownerRoles.contains("admin")
                ? Set.of("user", "admin") : USER_ONLY;
        ApiKeyGrant grant = new ApiKeyGrant(keyId, userId, false, roles, scopes, row.getString("subscription_type"));
        return new Entry(row.getBuffer("key_hash").getBytes(), grant, expiresAt,
                instant(row.getOffsetDateTime("banned_at")), instant(row.getOffsetDateTime("banned_until")),
                "fulfilled".equals(row.getString("account_status")));
    }

    private void announced(String payload) {
        try {
            forget(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a malformed API key announcement");
        }
    }

    /** Anything announced while nobody listened is unknown: start from an empty cache. */
    private void subscribed() {
        generation.incrementAndGet();
        entries.invalidateAll();
        listening = true;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
