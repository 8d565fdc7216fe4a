package dev.vigil.auth;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.db.UniqueViolation;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.json.JsonTreeHygiene;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one owner of passkeys (WebAuthn credentials): the challenges of their two ceremonies,
 * registration and sign-in, and the stored credentials with their signature counters and backup
 * flags. webauthn4j parses and verifies everything the browser sends (CBOR, COSE keys, attestation
 * statements, signatures); its work is CPU-only and short, so it runs inline, and only the database
 * work is reactive.
 *
 * <p>A challenge is spent by the one {@code DELETE ... RETURNING} that reads it: of any number of
 * simultaneous answers to one challenge exactly one gets it, and an expired one, or one of the other
 * purpose (or, for a registration, of another user), is never returned. User verification is always
 * required. A sign-in whose signature counter did not move forward is refused (unless the
 * authenticator keeps no counter: both 0), and so is one whose backup eligibility changed.
 */
@ApplicationScoped
public class Passkeys {

    static final String REGISTRATION = "registration";
    static final String LOGIN = "login";
    static final int MAX_NAME = 100;
    private static final int CHALLENGE_BYTES = 32;
    private static final int MAX_CREDENTIAL_ID_BYTES = 1023;
    private static final String PUBLIC_KEY = "public-key";
    private static final Logger LOG = Logger.getLogger(Passkeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** ES256, EdDSA and RS256: what passkey providers use, in the order of preference. */
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private static final String ISSUE = """
            INSERT INTO passkey_challenges (id, purpose, challenge, user_id, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    /** $1 id, $2 purpose, $3 now, $4 the user a registration must belong to (null for a login). */
    private static final String SPEND = """
            DELETE FROM passkey_challenges
            WHERE id = $1 AND purpose = $2 AND expires_at > $3 AND ($4::uuid IS NULL OR user_id = $4)
            RETURNING challenge, user_id""";

    private static final String DESCRIPTORS = "SELECT credential_id, transports FROM passkeys WHERE user_id = $1"
            + " ORDER BY created_at, id";

    private static final String BY_CREDENTIAL_ID = """
            SELECT id, user_id, credential_data, sign_count, uv_initialized, backup_eligible, backup_state
            FROM passkeys WHERE credential_id = $1""";

    private static final String USER = "SELECT username, display_name FROM users WHERE id = $1";

    private static final String PAGE = "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1"
            + " ORDER BY created_at, id LIMIT $2 OFFSET $3";

    private static final String COUNT = "SELECT count(*) FROM passkeys WHERE user_id = $1";

    private static final String INSERT = """
            INSERT INTO passkeys (id, user_id, credential_id, credential_data, name, sign_count, uv_initialized,
                                  backup_eligible, backup_state, transports, created_at)
            VALUES (:id, :user, :credentialId, :data, :name, :count, :uv, :be, :bs, :transports, :now)""";

    /**
     * A sign-in's counter and backup state, only while the stored counter is still below the new one
     * (or both are 0: an authenticator without a counter); a simultaneous use of the same passkey that
     * got there first makes this match nothing.
     */
    private static final String RECORD_USE = """
            UPDATE passkeys SET sign_count = :count, backup_state = :bs, last_used_at = :now
            WHERE id = :id AND (sign_count < :count OR (sign_count = 0 AND :count = 0))""";

    private final Pool pool;
    private final UserService users;
    private final SecurityEvents audit;
    private final Clock clock;
    private final WebAuthnConfig config;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter credentialData;
    private final String rpId;
    private final Set<Origin> origins;

    public Passkeys(Pool pool, UserService users, SecurityEvents audit, Clock clock, WebAuthnConfig config,
            @ConfigProperty(name = "vigil.frontend-url") String frontendUrl) {
        this.pool = pool;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        ObjectConverter converter = new ObjectConverter();
        // No attestation is asked for ("none"), so no attestation trust is checked: what matters is the key.
        this.webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.credentialData = new AttestedCredentialDataConverter(converter);
        URI frontend = URI.create(frontendUrl.strip());
        this.rpId = config.rpId().map(String::strip).filter(id -> !id.isEmpty()).orElse(frontend.getHost());
        List<String> configured = config.origins().orElse(List.of(originOf(frontend)));
        this.origins = configured.stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> new Origin(origin.replaceAll("/+$", "")))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (rpId == null || rpId.isBlank() || origins.isEmpty()) {
            throw new IllegalArgumentException("vigil.webauthn.rp-id and vigil.webauthn.origins must not be empty");
        }
        if (config.challengeTtl().isNegative() || config.challengeTtl().isZero()) {
            throw new IllegalArgumentException("vigil.webauthn.challenge-ttl must be positive");
        }
    }

    /** The relying party id passkeys are bound to. */
    String rpId() {
        return rpId;
    }

    // ----------------------------------------------------------------------------------------------
    // Registration

    /** Creation options for a new passkey of a verified user (403 {@code verification-required} otherwise). */
    public Uni<PasskeyCreationOptionsResponse> registrationOptions(UUID userId) {
        byte[] challenge = newChallenge();
        UUID challengeId = UUID.randomUUID();
        return users.requireVerified(userId)
                .chain(() -> pool.preparedQuery(USER).execute(Tuple.of(userId)))
                .map(Passkeys::first)
                .chain(user -> issue(challengeId, REGISTRATION, challenge, userId)
                        .chain(() -> descriptors(userId))
                        .map(existing -> new PasskeyCreationOptionsResponse(challengeId, BASE64URL.encodeToString(challenge),
                                new PasskeyCreationOptionsResponse.PasskeyRelyingParty(rpId, config.rpName()),
                                userEntity(userId, user),
                                ALGORITHMS.stream()
                                        .map(a -> new PasskeyCreationOptionsResponse.PasskeyAlgorithm(PUBLIC_KEY,
                                                (int) a.getAlg().getValue()))
                                        .toList(),
                                existing, timeoutMillis(),
                                new PasskeyCreationOptionsResponse.PasskeySelection("required", true, "required"),
                                "none")));
    }

    /**
     * Verifies the browser's answer to a registration challenge of this user and stores the passkey
     * ({@code passkey.added}). 400 {@code invalid-code} when the challenge is spent, expired, of
     * another user or purpose, or the attestation does not verify; 400 {@code validation-failed}
     * when the credential is not even readable.
     */
    public Uni<PasskeyCreatedResponse> register(UUID userId, UUID challengeId, String name, JsonNode credential,
            ClientInfo client) {
        RegistrationData parsed = parseRegistration(credential);
        String label = name.strip();
        return users.requireVerified(userId)
                .chain(() -> spend(challengeId, REGISTRATION, userId))
                .map(spent -> {
                    if (spent == null) {
                        throw new VigilException(AuthError.INVALID_PASSKEY,
                                "The registration expired or was already answered; ask for new options");
                    }
                    return verifyRegistration(parsed, spent.challenge());
                })
                .chain(verified -> store(userId, label, verified, client));
    }

    private Uni<PasskeyCreatedResponse> store(UUID userId, String name, RegistrationData verified, ClientInfo client) {
        AuthenticatorData<?> authenticator = verified.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticator.getAttestedCredentialData();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String transports = verified.getTransports() == null || verified.getTransports().isEmpty() ? null
                : verified.getTransports().stream().map(AuthenticatorTransport::getValue).sorted()
                        .collect(Collectors.joining(","));
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", id)
                        .setParameter("user", userId)
                        .setParameter("credentialId", attested.getCredentialId())
                        .setParameter("data", credentialData.convert(attested))
                        .setParameter("name", name)
                        .setParameter("count", authenticator.getSignCount())
                        .setParameter("uv", authenticator.isFlagUV())
                        .setParameter("be", authenticator.isFlagBE())
                        .setParameter("bs", authenticator.isFlagBS())
                        .setParameter("transports", transports)
                        .setParameter("now", now)
                        .executeUpdate())
                .call(() -> audit.record(SecurityEvent.of(SecurityEventType.PASSKEY_ADDED, userId, client)
                        .with("passkey_id", id)
                        .with("backup_eligible", authenticator.isFlagBE()))))
                .onFailure(failure -> UniqueViolation.is(failure, "passkeys_credential_id_uq"))
                .transform(failure -> new VigilException(AuthError.INVALID_PASSKEY, "This passkey is already registered"))
                .map(ignored -> new PasskeyCreatedResponse(id, name, now));
    }

    private RegistrationData parseRegistration(JsonNode credential) {
        String json = credentialJson(credential);
        try {
            return webAuthn.parseRegistrationResponseJSON(json);
        } catch (RuntimeException e) {
            // webauthn4j refuses unreadable input with DataConversionException and, for some shapes,
            // other runtime exceptions; every one of them means the client sent something broken.
            LOG.debugf("Unreadable passkey registration: %s", e.toString());
            throw unreadable();
        }
    }

    private RegistrationData verifyRegistration(RegistrationData parsed, byte[] challenge) {
        try {
            RegistrationData verified = webAuthn.verify(parsed,
                    new RegistrationParameters(serverProperty(challenge), ALGORITHMS, true, true));
            AttestedCredentialData attested = verified.getAttestationObject().getAuthenticatorData()
                    .getAttestedCredentialData();
            if (attested == null || attested.getCredentialId().length > MAX_CREDENTIAL_ID_BYTES) {
                throw new VigilException(AuthError.INVALID_PASSKEY, "The passkey could not be verified");
            }
            return verified;
        } catch (VerificationException | IllegalArgumentException e) {
            LOG.debugf("Passkey registration refused: %s", e.toString());
            throw new VigilException(AuthError.INVALID_PASSKEY, "The passkey could not be verified");
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Sign-in

    /**
     * Request options for a sign-in. With a {@code login} that names a user, the challenge is bound to
     * that user and lists their passkeys; an unknown login gets the same answer as a user without
     * passkeys (an empty list, so any passkey may answer, but only one of the named user is taken).
     */
    public Uni<PasskeyRequestOptionsResponse> loginOptions(UUID namedUser) {
        byte[] challenge = newChallenge();
        UUID challengeId = UUID.randomUUID();
        Uni<List<PasskeyDescriptor>> allowed = namedUser == null ? Uni.createFrom().item(List.of()) : descriptors(namedUser);
        return issue(challengeId, LOGIN, challenge, namedUser)
                .chain(() -> allowed)
                .map(allow -> new PasskeyRequestOptionsResponse(BASE64URL.encodeToString(challenge), rpId, allow,
                        timeoutMillis(), "required", challengeId));
    }

    /**
     * Verifies the browser's answer to a sign-in challenge: which user and passkey it proves, or why
     * not (a refusal, which the caller answers with 401 and counts as a failed login). Spends the
     * challenge whatever the outcome. 400 {@code validation-failed} when the credential is unreadable.
     */
    Uni<Assertion> verifyLogin(UUID challengeId, JsonNode credential) {
        AuthenticationData parsed = parseAuthentication(credential);
        return spend(challengeId, LOGIN, null)
                .chain(spent -> {
                    if (spent == null) {
                        return Uni.createFrom().item(Assertion.refused(null, "invalid-challenge"));
                    }
                    return pool.preparedQuery(BY_CREDENTIAL_ID).execute(Tuple.of(Buffer.buffer(parsed.getCredentialId())))
                            .map(rows -> verifyAssertion(parsed, spent, first(rows)));
                });
    }

    private Assertion verifyAssertion(AuthenticationData parsed, Spent spent, Row stored) {
        if (stored == null) {
            return Assertion.refused(spent.userId(), "unknown-passkey");
        }
        UUID owner = stored.getUUID("user_id");
        if (spent.userId() != null && !spent.userId().equals(owner)) {
            return Assertion.refused(spent.userId(), "passkey-of-another-user");
        }
        if (parsed.getUserHandle() != null && !Arrays.equals(parsed.getUserHandle(), userHandle(owner))) {
            return Assertion.refused(owner, "user-handle-mismatch");
        }
        boolean backupEligible = stored.getBoolean("backup_eligible");
        CredentialRecord record = new CredentialRecordImpl(null, stored.getBoolean("uv_initialized"), backupEligible,
                stored.getBoolean("backup_state"), stored.getLong("sign_count"),
                credentialData.convert(stored.getBuffer("credential_data").getBytes()), null, null, null, null);
        AuthenticationData verified;
        try {
            verified = webAuthn.verify(parsed, new AuthenticationParameters(serverProperty(spent.challenge()), record,
                    null, true, true));
        } catch (VerificationException | IllegalArgumentException e) {
            LOG.debugf("Passkey sign-in refused: %s", e.toString());
            return Assertion.refused(owner, reason(e));
        }
        AuthenticatorData<?> authenticator = verified.getAuthenticatorData();
        if (authenticator.isFlagBE() != backupEligible) {
            return Assertion.refused(owner, "backup-eligibility-changed");
        }
        return new Assertion(owner, stored.getUUID("id"), authenticator.getSignCount(), authenticator.isFlagBS(), null);
    }

    /**
     * Records a verified sign-in: the new counter, backup state and time, in the caller's transaction.
     * Refuses (401) when a simultaneous sign-in with the same passkey moved the counter first.
     */
    Uni<Void> recordUse(Assertion assertion) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD_USE)
                        .setParameter("count", assertion.signCount())
                        .setParameter("bs", assertion.backupState())
                        .setParameter("now", clock.instant())
                        .setParameter("id", assertion.passkeyId())
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
                        throw new VigilException(AuthError.INVALID_CREDENTIALS, "The passkey could not be verified");
                    }
                })
                .replaceWithVoid();
    }

    private AuthenticationData parseAuthentication(JsonNode credential) {
        String json = credentialJson(credential);
        try {
            AuthenticationData parsed = webAuthn.parseAuthenticationResponseJSON(json);
            if (parsed.getCredentialId() == null || parsed.getCredentialId().length == 0
                    || parsed.getCredentialId().length > MAX_CREDENTIAL_ID_BYTES) {
                throw unreadable();
            }
            return parsed;
        } catch (VigilException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debugf("Unreadable passkey assertion: %s", e.toString());
            throw unreadable();
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName().replaceAll("Exception$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    // ----------------------------------------------------------------------------------------------
    // The owner's list

    /** The user's passkeys, oldest first. */
    public Uni<Page<PasskeyResponse>> list(UUID userId, PageParams params) {
        Uni<Long> total = pool.preparedQuery(COUNT).execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<PasskeyResponse>> items = pool.preparedQuery(PAGE).execute(Tuple.of(userId, params.size, params.offset()))
                .map(rows -> {
                    List<PasskeyResponse> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new PasskeyResponse(row.getUUID("id"), row.getString("name"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                row.getOffsetDateTime("last_used_at") == null ? null
                                        : row.getOffsetDateTime("last_used_at").toInstant()));
                    }
                    return list;
                });
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), params, both.getItem2()));
    }

    /**
     * Removes one of the user's passkeys ({@code passkey.removed}); 404 when the user has none of
     * this id. The last passkey of a user without a password is kept (409): it is their only way in.
     * The user's row is locked first, so two removals at once cannot both take "one of two".
     */
    public Uni<Void> remove(UUID userId, UUID passkeyId, ClientInfo client) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT password_hash IS NOT NULL FROM users WHERE id = :user FOR UPDATE", Boolean.class)
                        .setParameter("user", userId)
                        .getResultList()
                        .chain(hasPassword -> session.createNativeQuery(
                                        "DELETE FROM passkeys WHERE id = :id AND user_id = :user RETURNING id", UUID.class)
                                .setParameter("id", passkeyId)
                                .setParameter("user", userId)
                                .getResultList()
                                .chain(deleted -> {
                                    if (deleted.isEmpty()) {
                                        throw new VigilException(CommonError.NOT_FOUND, "No such passkey");
                                    }
                                    boolean password = !hasPassword.isEmpty() && Boolean.TRUE.equals(hasPassword.get(0));
                                    return password ? Uni.createFrom().item(1L)
                                            : session.createNativeQuery("SELECT count(*) FROM passkeys WHERE user_id = :user",
                                                    Long.class).setParameter("user", userId).getSingleResult();
                                })
                                .invoke(left -> {
                                    if (left == 0L) {
                                        throw new VigilException(AuthError.LAST_PASSKEY,
                                                "This is your only way to sign in; set a password or add another passkey first");
                                    }
                                })))
                .call(() -> audit.record(SecurityEvent.of(SecurityEventType.PASSKEY_REMOVED, userId, client)
                        .with("passkey_id", passkeyId))))
                .replaceWithVoid();
    }

    // ----------------------------------------------------------------------------------------------

    private Uni<Void> issue(UUID challengeId, String purpose, byte[] challenge, UUID userId) {
        Instant now = clock.instant();
        return pool.preparedQuery(ISSUE)
                .execute(Tuple.of(challengeId, purpose, Buffer.buffer(challenge), userId, now.atOffset(ZoneOffset.UTC),
                        now.plus(config.challengeTtl()).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Spends a live challenge of this purpose (and user, when given); null when there is none. */
    private Uni<Spent> spend(UUID challengeId, String purpose, UUID userId) {
        return pool.preparedQuery(SPEND)
                .execute(Tuple.of(challengeId, purpose, clock.instant().atOffset(ZoneOffset.UTC), userId))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : new Spent(row.getBuffer("challenge").getBytes(), row.getUUID("user_id"));
                });
    }

    private Uni<List<PasskeyDescriptor>> descriptors(UUID userId) {
        return pool.preparedQuery(DESCRIPTORS).execute(Tuple.of(userId))
                .map(rows -> {
                    List<PasskeyDescriptor> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String transports = row.getString("transports");
                        list.add(new PasskeyDescriptor(PUBLIC_KEY,
                                BASE64URL.encodeToString(row.getBuffer("credential_id").getBytes()),
                                transports == null ? List.of() : List.of(transports.split(","))));
                    }
                    return list;
                });
    }

    private ServerProperty serverProperty(byte[] challenge) {
        return ServerProperty.builder()
                .origins(origins)
                .rpId(rpId)
                .challenge(new DefaultChallenge(challenge))
                .build();
    }

    private long timeoutMillis() {
        return config.challengeTtl().toMillis();
    }

    private static PasskeyCreationOptionsResponse.PasskeyUserEntity userEntity(UUID userId, Row user) {
        String username = user == null ? "" : user.getString("username");
        String displayName = user == null ? null : user.getString("display_name");
        return new PasskeyCreationOptionsResponse.PasskeyUserEntity(BASE64URL.encodeToString(userHandle(userId)), username,
                displayName == null || displayName.isBlank() ? username : displayName);
    }

    /** The user handle of a user's passkeys: the 16 bytes of the user's id, nothing personal. */
    static byte[] userHandle(UUID userId) {
        return ByteBuffer.allocate(16)
                .putLong(userId.getMostSignificantBits())
                .putLong(userId.getLeastSignificantBits())
                .array();
    }

    /** The credential as JSON text for webauthn4j, after the control-character rule every request string obeys. */
    private static String credentialJson(JsonNode credential) {
        if (credential == null || !credential.isObject()) {
            throw VigilException.invalidField("credential", "must be the browser's PublicKeyCredential object");
        }
        JsonTreeHygiene.check(credential, "credential", Set.of());
        return credential.toString();
    }

    private static VigilException unreadable() {
        return VigilException.invalidField("credential", "is not a readable PublicKeyCredential");
    }

    private static byte[] newChallenge() {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    private static String originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static Row first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private record Spent(byte[] challenge, UUID userId) {
    }

    /**
     * What a sign-in's answer proved: the user and passkey with its new counter and backup state, or,
     * when {@code refusal} is set, why it proved nothing (and whom it was about, when known).
     */
    record Assertion(UUID userId, UUID passkeyId, long signCount, boolean backupState, String refusal) {

        static Assertion refused(UUID userId, String reason) {
            return new Assertion(userId, null, 0, false, reason);
        }

        boolean refused() {
            return refusal != null;
        }
    }
}
