package dev.vigil.apikey;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.ApiKeyScopes;
import dev.vigil.common.security.Caller;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Creating, listing and revoking API keys: a user's own, and service keys that admins create for
 * internal callers (a service principal whose id is the key's id, tied to no person). The key is
 * returned once, at creation; only its hash is kept. A revocation is effective on the next request,
 * here at once and elsewhere when the database trigger's announcement arrives.
 */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final UserService users;
    private final ApiKeyCache cache;
    private final SecurityEvents events;
    private final ApiKeyConfig config;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, UserService users, ApiKeyCache cache, SecurityEvents events,
            ApiKeyConfig config, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.cache = cache;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A new key for the caller; 409 {@code limit-reached} past {@code vigil.api-keys.max-per-user}, 403
     * {@code verification-required} before the caller's address is verified. Scopes never widen: a key
     * creates only keys whose scopes it holds itself (403 {@code forbidden} otherwise), so a
     * {@code credentials} key cannot mint an {@code admin} one.
     */
    public Uni<ApiKeyCreatedResponse> create(Caller caller, ApiKeyCreateRequest request, ClientInfo client) {
        List<String> scopes = scopes(request.scopes());
        if (caller.viaApiKey() && !caller.scopes().containsAll(scopes)) {
            throw new VigilException(CommonError.FORBIDDEN, "An API key cannot create a key with a scope it does not have");
        }
        Instant now = now();
        Instant expiresAt = expiry(request.expiresAt(), now);
        UUID id = UUID.randomUUID();
        String key = ApiKeyFormat.generate();
        String prefix = ApiKeyFormat.prefixOf(key);
        return users.requireVerified(caller.userId())
                .chain(() -> Panache.withTransaction(() -> keys.countOfUser(caller.userId())
                .invoke(count -> {
                    if (count >= config.maxPerUser()) {
                        throw new VigilException(ApiKeyError.LIMIT_REACHED,
                                "At most " + config.maxPerUser() + " API keys; delete one first");
                    }
                })
                .chain(ignored -> keys.insert(id, caller.userId(), request.name(), prefix, ApiKeyFormat.hash(key), scopes,
                        caller.userId(), now, expiresAt))
                .chain(() -> events.record(SecurityEvent.of(SecurityEventType.APIKEY_CREATED, caller.userId(), client)
                        .with("api_key_id", id)
                        .with("prefix", prefix)
                        .with("scopes", String.join(",", scopes))))))
                .map(ignored -> new ApiKeyCreatedResponse(id, request.name(), key, prefix, scopes, now, expiresAt));
    }

    /** The caller's keys, newest first. */
    public Uni<Page<ApiKeyResponse>> list(Caller caller, PageParams page) {
        Uni<List<ApiKeyRepository.Listed>> items = keys.pageOfUser(caller.userId(), page.size, page.offset());
        Uni<Long> total = keys.totalOfUser(caller.userId());
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), page, both.getItem2()))
                .map(found -> found.map(ApiKeyService::response));
    }

    /** Revokes one of the caller's keys; 404 for any key that is not theirs. */
    public Uni<Void> revoke(Caller caller, UUID keyId, ClientInfo client) {
        return Panache.withTransaction(() -> keys.deleteOfUser(keyId, caller.userId())
                .call(prefix -> {
                    if (prefix == null) {
                        return Uni.createFrom().failure(notFound());
                    }
                    return events.record(SecurityEvent.of(SecurityEventType.APIKEY_REVOKED, caller.userId(), client)
                            .with("api_key_id", keyId)
                            .with("prefix", prefix));
                }))
                .invoke(() -> cache.forget(caller.userId()))
                .replaceWithVoid();
    }

    /** A new service key, created by an admin; service keys have no scopes and no quota. */
    public Uni<ApiKeyCreatedResponse> createService(Caller admin, ApiKeyCreateRequest request, ClientInfo client) {
        admin.requireCredentialAccess();
        if (request.scopes() != null && !request.scopes().isEmpty()) {
            throw VigilException.invalidField("scopes", "service keys have no scopes");
        }
        Instant now = now();
        Instant expiresAt = expiry(request.expiresAt(), now);
        UUID id = UUID.randomUUID();
        String key = ApiKeyFormat.generate();
        String prefix = ApiKeyFormat.prefixOf(key);
        return Panache.withTransaction(() -> keys.insert(id, null, request.name(), prefix, ApiKeyFormat.hash(key), List.of(),
                        admin.userId(), now, expiresAt)
                .chain(() -> events.record(new SecurityEvent(SecurityEventType.APIKEY_CREATED, null, admin.userId(), client,
                        true, null)
                        .with("api_key_id", id)
                        .with("prefix", prefix)
                        .with("service", true))))
                .map(ignored -> new ApiKeyCreatedResponse(id, request.name(), key, prefix, List.of(), now, expiresAt));
    }

    /** Every service key, newest first. */
    public Uni<Page<ApiKeyResponse>> listServices(PageParams page) {
        Uni<List<ApiKeyRepository.Listed>> items = keys.pageOfServices(page.size, page.offset());
        Uni<Long> total = keys.totalOfServices();
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), page, both.getItem2()))
                .map(found -> found.map(ApiKeyService::response));
    }

    /** Revokes a service key; 404 when there is none with this id. */
    public Uni<Void> revokeService(Caller admin, UUID keyId, ClientInfo client) {
        return Panache.withTransaction(() -> keys.deleteService(keyId)
                .call(prefix -> {
                    if (prefix == null) {
                        return Uni.createFrom().failure(notFound());
                    }
                    return events.record(new SecurityEvent(SecurityEventType.APIKEY_REVOKED, null, admin.userId(), client,
                            true, null)
                            .with("api_key_id", keyId)
                            .with("prefix", prefix)
                            .with("service", true));
                }))
                .invoke(() -> cache.forget(keyId))
                .replaceWithVoid();
    }

    /** Known scopes only, each once, in a stable order. */
    private static List<String> scopes(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (String scope : requested) {
            if (scope == null || !ApiKeyScopes.ALL.contains(scope)) {
                throw VigilException.invalidField("scopes", "each scope must be one of admin, credentials");
            }
            scopes.add(scope);
        }
        return scopes.stream().sorted().toList();
    }

    private static Instant expiry(Instant requested, Instant now) {
        if (requested != null && !requested.isAfter(now)) {
            throw VigilException.invalidField("expires_at", "must be in the future");
        }
        return requested == null ? null : requested.truncatedTo(ChronoUnit.MICROS);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiKeyResponse response(ApiKeyRepository.Listed key) {
        return new ApiKeyResponse(key.id(), key.name(), key.prefix(), key.scopes(), key.createdAt(), key.lastUsedAt(),
                key.expiresAt());
    }

    private static VigilException notFound() {
        return new VigilException(CommonError.NOT_FOUND, "No such API key");
    }
}
