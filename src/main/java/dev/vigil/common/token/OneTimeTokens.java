package dev.vigil.common.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.vigil.common.error.VigilException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Single-use, purpose-bound, expiring tokens for mailed links: 256 random bits for the link, their
 * SHA-256 in the database. Issuing one invalidates the user's older unused tokens of the same
 * purpose, so only the newest link works (see {@link TokenPurpose#replacement()} for the exceptions).
 */
@ApplicationScoped
public class OneTimeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TOKEN_LENGTH = 128;

    /** Spends a usable token; returns whom and what it was for, or no row. */
    private static final String SPEND = """
            WITH spent AS (
                UPDATE one_time_tokens SET used_at = :now
                WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
                RETURNING user_id, target
            )
            SELECT CAST(user_id AS varchar), target FROM spent""";

    /** What became of a token that could not be spent: its purpose and whether it was used. */
    private static final String STATE = "SELECT purpose, used_at IS NOT NULL FROM one_time_tokens WHERE token_hash = :hash";

    private final OneTimeTokenRepository tokens;
    private final Clock clock;
    private final Duration magicLinkLifetime;

    public OneTimeTokens(OneTimeTokenRepository tokens, Clock clock,
            @ConfigProperty(name = "vigil.magic-link.ttl", defaultValue = "PT15M") Duration magicLinkLifetime) {
        if (magicLinkLifetime.isNegative() || magicLinkLifetime.isZero()) {
            throw new IllegalArgumentException("vigil.magic-link.ttl must be positive");
        }
        this.tokens = tokens;
        this.clock = clock;
        this.magicLinkLifetime = magicLinkLifetime;
    }

    /** How long a new token of this purpose stays usable. */
    public Duration lifetime(TokenPurpose purpose) {
        return purpose == TokenPurpose.MAGIC_LINK ? magicLinkLifetime : purpose.lifetime();
    }

    /** A new token for the link; joins the caller's transaction. */
    @WithTransaction
    public Uni<String> issue(TokenPurpose purpose, UUID userId, String target) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        OneTimeToken stored = new OneTimeToken();
        stored.tokenHash = hash(token);
        stored.purpose = purpose.wire();
        stored.userId = userId;
        stored.target = target;
        stored.createdAt = now;
        stored.expiresAt = now.plus(lifetime(purpose));
        Uni<Long> cleared = switch (target == null ? TokenPurpose.Replacement.ALL : purpose.replacement()) {
            case ALL -> tokens.delete("userId = ?1 and purpose = ?2 and usedAt is null", userId, purpose.wire());
            case OTHER_TARGETS -> tokens.delete("userId = ?1 and purpose = ?2 and usedAt is null and target <> ?3",
                    userId, purpose.wire(), target);
            case SAME_TARGET -> tokens.delete("userId = ?1 and purpose = ?2 and usedAt is null and target = ?3",
                    userId, purpose.wire(), target);
            case NONE -> Uni.createFrom().item(0L);
        };
        return cleared
                .chain(() -> tokens.persist(stored))
                .replaceWith(token);
    }

    /** Checks a token without spending it (a form that may be resubmitted after a policy failure). */
    @WithSession
    public Uni<TokenUse> check(TokenPurpose purpose, String token) {
        return find(purpose, token).map(stored -> usable(stored, clock.instant()));
    }

    /**
     * Checks and spends a token; joins the caller's transaction, so a rollback leaves it usable.
     * The spend is one conditional statement: of any number of simultaneous uses exactly one
     * updates the row, and the others wait for it and then find it used. Only when nothing was
     * spent is the row read, to tell a used link from an expired or unknown one.
     */
    @WithTransaction
    public Uni<TokenUse> consume(TokenPurpose purpose, String token) {
        if (!plausible(token)) {
            return Uni.createFrom().failure(refused(TokenError.INVALID_TOKEN));
        }
        byte[] hash = hash(token);
        Instant now = clock.instant();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(SPEND, Object[].class)
                        .setParameter("now", now)
                        .setParameter("hash", hash)
                        .setParameter("purpose", purpose.wire())
                        .getResultList())
                .chain(spent -> spent.isEmpty()
                        ? whyUnusable(purpose, hash)
                        : Uni.createFrom().item(use(spent.get(0))));
    }

    /**
     * Why a token that could not be spent is refused; always a failure. An unused token of the
     * right purpose that the spend did not match can only have expired.
     */
    private static Uni<TokenUse> whyUnusable(TokenPurpose purpose, byte[] hash) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(STATE, Object[].class)
                        .setParameter("hash", hash)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty() || !purpose.wire().equals(rows.get(0)[0])) {
                        throw refused(TokenError.INVALID_TOKEN);
                    }
                    throw refused(Boolean.TRUE.equals(rows.get(0)[1]) ? TokenError.USED_TOKEN : TokenError.EXPIRED_TOKEN);
                });
    }

    private static TokenUse use(Object[] row) {
        return new TokenUse(row[0] == null ? null : UUID.fromString((String) row[0]), (String) row[1]);
    }

    /**
     * Spends every unused token of this purpose of the user (the reset links of an account whose
     * password just changed); how many. Joins the caller's transaction.
     */
    @WithTransaction
    public Uni<Integer> spendAll(TokenPurpose purpose, UUID userId) {
        return tokens.update("usedAt = ?1 where userId = ?2 and purpose = ?3 and usedAt is null", clock.instant(), userId,
                purpose.wire());
    }

    private Uni<OneTimeToken> find(TokenPurpose purpose, String token) {
        if (!plausible(token)) {
            return Uni.createFrom().failure(refused(TokenError.INVALID_TOKEN));
        }
        return tokens.findById(hash(token))
                .map(stored -> {
                    if (stored == null || !purpose.wire().equals(stored.purpose)) {
                        throw refused(TokenError.INVALID_TOKEN);
                    }
                    return stored;
                });
    }

    private static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    private static TokenUse usable(OneTimeToken stored, Instant now) {
        if (stored.usedAt != null) {
            throw refused(TokenError.USED_TOKEN);
        }
        if (!stored.expiresAt.isAfter(now)) {
            throw refused(TokenError.EXPIRED_TOKEN);
        }
        return new TokenUse(stored.userId, stored.target);
    }

    private static VigilException refused(TokenError error) {
        return new VigilException(error, error.title());
    }

    /** Looking a token up by its digest keeps the comparison from leaking the token through timing. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
