package dev.vigil.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.user.UserService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * TOTP two-factor login: enrolment (a pending secret, active once a code confirms it), recovery
 * codes, and the second step of a login. The secret is shown once, at enrolment; recovery codes
 * once, at confirmation, and only their SHA-256 is kept. Every code works once: a TOTP code must be
 * of a later time step than the last one used, a recovery code is marked used in the same statement
 * that accepts it.
 */
@ApplicationScoped
public class TotpService {

    static final int RECOVERY_CODES = 10;
    /** Time steps accepted on either side of the current one (clock drift of the phone). */
    static final int DRIFT_STEPS = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new pending secret; an active one is left alone (no row comes back). */
    private static final String ENROL = """
            INSERT INTO totp_credentials (user_id, secret, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
                last_used_step = NULL
            WHERE totp_credentials.confirmed_at IS NULL
            RETURNING user_id""";

    private static final String CREDENTIAL = "SELECT secret, confirmed_at FROM totp_credentials WHERE user_id = $1";

    private static final String CONFIRM = """
            UPDATE totp_credentials SET confirmed_at = $2, last_used_step = $3
            WHERE user_id = $1 AND confirmed_at IS NULL""";

    private static final String USE_STEP = """
            UPDATE totp_credentials SET last_used_step = $2
            WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2)""";

    private static final String USE_RECOVERY_CODE = """
            UPDATE totp_recovery_codes SET used_at = $3
            WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL""";

    private static final String START_CHALLENGE = """
            WITH gone AS (DELETE FROM mfa_challenges WHERE user_id = $2 AND expires_at <= $3)
            INSERT INTO mfa_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)""";

    private static final String CHALLENGE_USER = "SELECT user_id FROM mfa_challenges WHERE token_hash = $1 AND expires_at > $2";

    private static final String SPEND_CHALLENGE = "DELETE FROM mfa_challenges WHERE token_hash = $1 AND expires_at > $2";

    private static final int MAX_TOKEN_LENGTH = 128;

    private static final String ACTIVE = "SELECT 1 FROM totp_credentials WHERE user_id = $1 AND confirmed_at IS NOT NULL";

    private final TotpSecretSealer sealer;
    private final Pool pool;
    private final UserService users;
    private final Credentials credentials;
    private final SecurityEvents audit;
    private final MfaConfig config;
    private final Clock clock;

    public TotpService(Pool pool, UserService users, Credentials credentials, SecurityEvents audit, MfaConfig config,
            TotpSecretSealer sealer, Clock clock) {
        this.pool = pool;
        this.sealer = sealer;
        this.users = users;
        this.credentials = credentials;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Starts (or restarts) an enrolment; 409 when TOTP is already on, 403 before the address is verified. */
    public Uni<TotpEnrolmentResponse> enrol(UUID userId) {
        byte[] secret = Totp.newSecret();
        Buffer stored = Buffer.buffer(sealer.seal(userId, secret));
        return users.requireVerified(userId)
                .chain(() -> pool.preparedQuery(ENROL).execute(Tuple.of(userId, stored,
                        clock.instant().atOffset(ZoneOffset.UTC))))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new VigilException(AuthError.MFA_STATE, "Two-factor login is already on; turn it off first");
                    }
                })
                .chain(() -> users.usernameOf(userId))
                .map(username -> new TotpEnrolmentResponse(Totp.base32(secret), otpauthUri(username, secret)));
    }

    /**
     * Activates the pending authenticator when {@code code} is right, and returns new recovery codes
     * (earlier ones stop working). 409 without a pending enrolment, 400 {@code invalid-code} otherwise.
     */
    public Uni<RecoveryCodesResponse> confirm(UUID userId, String code, ClientInfo client) {
        return pool.preparedQuery(CREDENTIAL).execute(Tuple.of(userId))
                .map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    if (row == null || row.getOffsetDateTime("confirmed_at") != null) {
                        throw new VigilException(AuthError.MFA_STATE, "There is no authenticator waiting to be confirmed");
                    }
                    Long step = matchingStep(sealer.open(userId, row.getBuffer("secret").getBytes()), code.strip());
                    if (step == null) {
                        throw new VigilException(AuthError.INVALID_ENROLMENT_CODE, "The code is not right");
                    }
                    return step;
                })
                .chain(step -> activate(userId, step))
                .call(codes -> audit.recordAlone(SecurityEvent.of(SecurityEventType.MFA_ENABLED, userId, client)
                        .with("method", "totp")))
                .map(RecoveryCodesResponse::new);
    }

    /** Turns TOTP off after checking the password (400 {@code wrong-password}); nothing to turn off is fine. */
    public Uni<Void> disable(UUID userId, String password, ClientInfo client) {
        return credentials.confirm(userId, password)
                .chain(() -> pool.withTransaction(connection -> connection
                        .preparedQuery("DELETE FROM totp_recovery_codes WHERE user_id = $1").execute(Tuple.of(userId))
                        .chain(() -> connection.preparedQuery("DELETE FROM mfa_challenges WHERE user_id = $1")
                                .execute(Tuple.of(userId)))
                        .chain(() -> connection.preparedQuery("DELETE FROM totp_credentials WHERE user_id = $1"
                                + " RETURNING confirmed_at").execute(Tuple.of(userId)))))
                .chain(rows -> {
                    boolean wasActive = rows.iterator().hasNext() && rows.iterator().next().getValue("confirmed_at") != null;
                    return wasActive ? audit.recordAlone(SecurityEvent.of(SecurityEventType.MFA_DISABLED, userId, client))
                            : Uni.createFrom().voidItem();
                });
    }

    /** Whether a login of the user needs a second factor. */
    public Uni<Boolean> isActive(UUID userId) {
        return pool.preparedQuery(ACTIVE).execute(Tuple.of(userId))
                .map(rows -> rows.iterator().hasNext());
    }

    /**
     * Spends {@code code} if it is a valid, unused TOTP code or recovery code of the user's active
     * authenticator: which kind ({@code totp} or {@code recovery-code}), or null when it is not.
     */
    Uni<String> useCode(UUID userId, String code) {
        String candidate = code.strip();
        if (Totp.looksLikeCode(candidate)) {
            return pool.preparedQuery(CREDENTIAL).execute(Tuple.of(userId))
                    .chain(rows -> {
                        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                        Long step = row == null || row.getOffsetDateTime("confirmed_at") == null ? null
                                : matchingStep(sealer.open(userId, row.getBuffer("secret").getBytes()), candidate);
                        if (step == null) {
                            return Uni.createFrom().nullItem();
                        }
                        return pool.preparedQuery(USE_STEP).execute(Tuple.of(userId, step))
                                .map(updated -> updated.rowCount() == 1 ? "totp" : null);
                    });
        }
        return pool.preparedQuery(USE_RECOVERY_CODE)
                .execute(Tuple.of(userId, Buffer.buffer(sha256(normalizeRecoveryCode(candidate))), clock.instant().atOffset(ZoneOffset.UTC)))
                .map(updated -> updated.rowCount() == 1 ? "recovery-code" : null);
    }

    /** A new {@code mfa_token} for the user's second step; only its SHA-256 is stored. */
    Uni<String> startChallenge(UUID userId) {
        String token = newToken();
        Instant now = clock.instant();
        return pool.preparedQuery(START_CHALLENGE)
                .execute(Tuple.of(Buffer.buffer(sha256(token)), userId, now.atOffset(ZoneOffset.UTC),
                        now.plus(config.challengeTtl()).atOffset(ZoneOffset.UTC)))
                .replaceWith(token);
    }

    /** The user an unexpired {@code mfa_token} belongs to; 401 {@code invalid-token} otherwise. */
    Uni<UUID> challengeUser(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(invalidMfaToken());
        }
        return pool.preparedQuery(CHALLENGE_USER)
                .execute(Tuple.of(Buffer.buffer(sha256(token)), clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw invalidMfaToken();
                    }
                    return rows.iterator().next().getUUID("user_id");
                });
    }

    /** Spends the {@code mfa_token}; 401 {@code invalid-token} when another request spent it first. */
    Uni<Void> spendChallenge(String token) {
        return pool.preparedQuery(SPEND_CHALLENGE)
                .execute(Tuple.of(Buffer.buffer(sha256(token)), clock.instant().atOffset(ZoneOffset.UTC)))
                .invoke(rows -> {
                    if (rows.rowCount() != 1) {
                        throw invalidMfaToken();
                    }
                })
                .replaceWithVoid();
    }

    static VigilException invalidMfaToken() {
        return new VigilException(AuthError.INVALID_MFA_TOKEN, "The two-factor login is not valid or has expired; log in again");
    }

    private Uni<List<String>> activate(UUID userId, long step) {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        List<Tuple> rows = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = newRecoveryCode();
            codes.add(code);
            rows.add(Tuple.of(userId, Buffer.buffer(sha256(normalizeRecoveryCode(code)))));
        }
        return pool.withTransaction(connection -> connection.preparedQuery(CONFIRM)
                .execute(Tuple.of(userId, clock.instant().atOffset(ZoneOffset.UTC), step))
                .invoke(updated -> {
                    if (updated.rowCount() == 0) {
                        throw new VigilException(AuthError.MFA_STATE, "There is no authenticator waiting to be confirmed");
                    }
                })
                .chain(() -> connection.preparedQuery("DELETE FROM totp_recovery_codes WHERE user_id = $1")
                        .execute(Tuple.of(userId)))
                .chain(() -> connection.preparedQuery("INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                        .executeBatch(rows)))
                .replaceWith(codes);
    }

    /** The step within the drift window whose code is {@code code}, or null; compares in constant time. */
    private Long matchingStep(byte[] secret, String code) {
        if (!Totp.looksLikeCode(code)) {
            return null;
        }
        long now = Totp.step(clock.instant());
        Long match = null;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII)) && match == null) {
                match = step;
            }
        }
        return match;
    }

    private String otpauthUri(String username, byte[] secret) {
        String issuer = URLEncoder.encode(config.issuer(), StandardCharsets.UTF_8).replace("+", "%20");
        String account = URLEncoder.encode(username == null ? "" : username, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + issuer + ":" + account + "?secret=" + Totp.base32(secret) + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    /** Ten base32 characters (50 bits) shown as {@code xxxxx-xxxxx}. */
    private static String newRecoveryCode() {
        byte[] bytes = new byte[7];
        RANDOM.nextBytes(bytes);
        String text = Totp.base32(bytes).substring(0, 10).toLowerCase(Locale.ROOT);
        return text.substring(0, 5) + "-" + text.substring(5);
    }

    /** Case, dashes and spaces do not matter when typing a recovery code. */
    static String normalizeRecoveryCode(String code) {
        return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
