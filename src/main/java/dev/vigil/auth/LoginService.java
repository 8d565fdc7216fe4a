package dev.vigil.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.user.UserChange;
import dev.vigil.user.UserLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Password login, and its second step when TOTP is on. An unknown login and a wrong password give
 * the same answer after the same work (a hash is verified and the failure counter statement runs
 * either way, also while the account is locked). Whether the account is locked, banned or released
 * is only told to someone who knew the password. The database connection is not held while hashing.
 * Wrong passwords and wrong second-factor codes count toward the {@link Lockout} of the client's
 * address; only a completed login (after the second factor, when there is one) resets it. A lock of
 * another address does not concern this client; the account-wide lock concerns everyone.
 */
@ApplicationScoped
public class LoginService {

    static final String METHOD_PASSWORD = "password";
    static final String METHOD_MAGIC_LINK = "magic-link";
    static final String METHOD_PASSKEY = "passkey";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final SecurityEvents audit;
    private final Lockout lockout;
    private final TotpService totp;
    private final OneTimeTokens tokens;
    private final UserLifecycle lifecycle;
    private final Passkeys passkeys;
    private final Clock clock;

    public LoginService(Credentials credentials, SessionService sessions, PasswordHasher hasher, SecurityEvents audit,
            Lockout lockout, TotpService totp, OneTimeTokens tokens, UserLifecycle lifecycle, Passkeys passkeys,
            Clock clock) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.hasher = hasher;
        this.audit = audit;
        this.lockout = lockout;
        this.totp = totp;
        this.tokens = tokens;
        this.lifecycle = lifecycle;
        this.passkeys = passkeys;
        this.clock = clock;
    }

    /** A token pair, or an {@code mfa_token} when the user has TOTP on. */
    public Uni<LoginResponse> login(String login, String password, ClientInfo client) {
        return credentials.subject(login.strip(), client)
                .chain(subject -> hasher.verify(password, subject == null ? null : subject.passwordHash())
                        .chain(check -> {
                            if (subject == null || !check.matches()) {
                                UUID userId = subject == null ? null : subject.userId();
                                return failed(userId, client, subject == null ? "unknown-login" : "wrong-password")
                                        .chain(() -> Uni.createFrom().failure(invalidCredentials()));
                            }
                            refuseBlocked(subject);
                            if (subject.mfaEnabled()) {
                                // The password rehash waits for a login whose second factor is done.
                                return totp.startChallenge(subject.userId())
                                        .map(MfaChallengeResponse::of);
                            }
                            Uni<String> rehash = check.needsRehash() ? hasher.hash(password) : Uni.createFrom().nullItem();
                            return rehash.chain(newHash -> complete(subject, newHash, client, METHOD_PASSWORD, null));
                        }));
    }

    /**
     * The second step: a TOTP or recovery code for an {@code mfa_token}. A wrong code is a failed
     * login (401 {@code invalid-code}); the token stays usable until it expires or a login completes.
     */
    public Uni<TokenPair> completeMfa(String mfaToken, String code, ClientInfo client) {
        return totp.challengeUser(mfaToken)
                .chain(userId -> credentials.subject(userId, client))
                .chain(subject -> {
                    if (subject == null) {
                        throw TotpService.invalidMfaToken();
                    }
                    refuseBlocked(subject);
                    return totp.useCode(subject.userId(), code)
                            .chain(method -> method == null
                                    ? failed(subject.userId(), client, "invalid-code")
                                            .chain(() -> Uni.createFrom().<TokenPair>failure(invalidCode()))
                                    : totp.spendChallenge(mfaToken)
                                            .chain(() -> complete(subject, null, client, null, method)));
                });
    }

    /**
     * Sign-in with the token of a mailed sign-in link: a token pair, or an {@code mfa_token} when the
     * user has TOTP on (the link is the first factor). The link proves the address, so it verifies
     * it; when that is the address's first proof, the password chosen at registration (by someone who
     * never proved the address) is replaced by a random one and every other session, key and link of
     * the account ends, as after a password reset. Bans, locks and a release refuse as for a password
     * login and leave the link usable; of any number of simultaneous uses exactly one signs in.
     */
    public Uni<LoginResponse> loginWithMagicLink(String token, ClientInfo client) {
        return tokens.check(TokenPurpose.MAGIC_LINK, token)
                .chain(use -> credentials.subject(use.userId(), client))
                .chain(subject -> {
                    if (subject == null) {
                        throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
                    }
                    refuseBlocked(subject);
                    Uni<String> unusable = subject.emailVerified() ? Uni.createFrom().nullItem()
                            : hasher.hash(unguessablePassword());
                    return unusable.chain(hash -> Panache.withTransaction(() -> tokens.consume(TokenPurpose.MAGIC_LINK, token)
                            .chain(() -> hash == null ? Uni.createFrom().item(false)
                                    : credentials.claimUnverifiedAddress(subject.userId(), hash))
                            .call(claimed -> claimed ? addressClaimed(subject.userId(), client) : Uni.createFrom().voidItem())
                            .chain(() -> subject.mfaEnabled()
                                    ? totp.startChallenge(subject.userId()).map(MfaChallengeResponse::of)
                                    : complete(subject.verified(), null, client, METHOD_MAGIC_LINK, null))));
                });
    }

    /**
     * The options of a passkey sign-in: for anyone (discoverable passkeys) when {@code login} is null
     * or blank, else bound to the user it names (an unknown login answers like a user without passkeys).
     */
    public Uni<PasskeyRequestOptionsResponse> passkeyOptions(String login) {
        Uni<LoginSubject> named = login == null || login.isBlank() ? Uni.createFrom().nullItem()
                : credentials.subject(login.strip(), ClientInfo.NONE);
        return named.chain(subject -> passkeys.loginOptions(subject == null ? null : subject.userId()));
    }

    /**
     * Sign-in with a passkey: the browser's answer to a challenge from {@link Passkeys#loginOptions}.
     * A verified passkey (user verification included) is both factors, so TOTP is not asked for. An
     * answer that proves nothing is 401 {@code invalid-credentials} and counts as a failed login of the
     * user it was about, when known; bans, locks and a release refuse as for a password login, only
     * after the passkey verified. The challenge is spent by the first answer, whatever its outcome, so
     * of simultaneous answers exactly one can sign in.
     */
    public Uni<TokenPair> loginWithPasskey(UUID challengeId, JsonNode credential, ClientInfo client) {
        return passkeys.verifyLogin(challengeId, credential)
                .chain(assertion -> {
                    if (assertion.refused()) {
                        return failed(assertion.userId(), client, assertion.refusal())
                                .chain(() -> Uni.createFrom().<TokenPair>failure(invalidPasskey()));
                    }
                    return credentials.subject(assertion.userId(), client)
                            .chain(subject -> {
                                if (subject == null) {
                                    throw invalidPasskey();
                                }
                                refuseBlocked(subject);
                                return Panache.withTransaction(() -> passkeys.recordUse(assertion)
                                        .chain(() -> complete(subject, null, client, METHOD_PASSKEY, null)));
                            });
                });
    }

    /** The owner proved the address for the first time: whoever registered it before them is put out. */
    private Uni<Void> addressClaimed(UUID userId, ClientInfo client) {
        return lifecycle.announce(UserChange.of(userId, UserChange.Kind.PASSWORD_RESET))
                .chain(facts -> audit.record(SecurityEvent.of(SecurityEventType.EMAIL_VERIFIED, userId, client)
                        .with("via", METHOD_MAGIC_LINK)
                        .with("password_replaced", true)
                        .with(facts)));
    }

    private Uni<TokenPair> complete(LoginSubject subject, String newHash, ClientInfo client, String method,
            String secondFactor) {
        return Panache.withTransaction(() -> credentials.recordLogin(subject.userId(), newHash)
                .chain(() -> lockout.loginCompleted(subject.userId(), client))
                .chain(() -> sessions.start(subject.userId(), subject.roles(), subject.emailVerified(),
                        subject.tier(), client))
                .call(pair -> audit.record(SecurityEvent.of(SecurityEventType.LOGIN_SUCCEEDED,
                        subject.userId(), client).with("session_id", pair.sessionId()).with("method", method)
                        .with("mfa", secondFactor))));
    }

    /** 256 random bits: the password of an account whose registrant never proved the address. */
    private static String unguessablePassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Counts the failure toward the lockout and records {@code login.failed}; both outlive any rollback. */
    private Uni<Void> failed(UUID userId, ClientInfo client, String reason) {
        return lockout.recordFailure(userId, client)
                .chain(() -> audit.recordAlone(SecurityEvent.of(SecurityEventType.LOGIN_FAILED, userId, client)
                        .failed()
                        .with("reason", reason)));
    }
    private void refuseBlocked(LoginSubject subject) {
        Instant now = clock.instant();
        if (Bans.inForce(subject.bannedAt(), subject.bannedUntil(), now)) {
            throw new VigilException(AuthError.ACCOUNT_BANNED, "This account is banned")
                    .with("banned_until", subject.bannedUntil())
                    .with("reason", subject.banReason());
        }
        if (subject.lockedUntil() != null && subject.lockedUntil().isAfter(now)) {
            throw new VigilException(AuthError.ACCOUNT_LOCKED, "This account is locked for now")
                    .with("locked_until", subject.lockedUntil());
        }
        if (subject.released()) {
            throw new VigilException(AuthError.ACCOUNT_RELEASED,
                    "This account was released; an administrator must re-authorize it");
        }
    }

    private static VigilException invalidCode() {
        return new VigilException(AuthError.INVALID_CODE, "The code is not right");
    }

    private static VigilException invalidPasskey() {
        return new VigilException(AuthError.INVALID_CREDENTIALS, "The passkey could not be verified");
    }

    private static VigilException invalidCredentials() {
        return new VigilException(AuthError.INVALID_CREDENTIALS, "The login or the password is not right");
    }
}
