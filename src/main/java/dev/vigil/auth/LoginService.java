package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.user.LoginSubject;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Password login. An unknown login and a wrong password give the same answer after the same work
 * (a hash is verified either way). Whether the account is locked, banned or released is only told
 * to someone who knew the password. The database connection is not held while hashing.
 */
@ApplicationScoped
public class LoginService {

    private final UserService users;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final SecurityEvents audit;
    private final Clock clock;

    public LoginService(UserService users, SessionService sessions, PasswordHasher hasher, SecurityEvents audit, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<TokenPair> login(String login, String password, ClientInfo client) {
        return users.findLoginSubject(login.strip())
                .chain(subject -> hasher.verify(password, subject == null ? null : subject.passwordHash())
                        .chain(check -> {
                            if (subject == null || !check.matches()) {
                                SecurityEvent failed = SecurityEvent.of(SecurityEventType.LOGIN_FAILED,
                                        subject == null ? null : subject.userId(), client).failed()
                                        .with("reason", subject == null ? "unknown-login" : "wrong-password");
                                return audit.recordAlone(failed).chain(() -> Uni.createFrom().failure(invalidCredentials()));
                            }
                            refuseBlocked(subject);
                            Uni<String> rehash = check.needsRehash() ? hasher.hash(password) : Uni.createFrom().nullItem();
                            return rehash.chain(newHash -> Panache.withTransaction(() -> users.recordLogin(subject.userId(), newHash)
                                    .chain(() -> sessions.start(subject.userId(), subject.roles(), subject.emailVerified(),
                                            subject.tier(), client))
                                    .call(pair -> audit.record(SecurityEvent.of(SecurityEventType.LOGIN_SUCCEEDED,
                                            subject.userId(), client).with("session_id", pair.sessionId())))));
                        }));
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

    private static VigilException invalidCredentials() {
        return new VigilException(AuthError.INVALID_CREDENTIALS, "The login or the password is not right");
    }
}
