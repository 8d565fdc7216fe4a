package dev.vigil.user;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.auth.RevokeReason;
import dev.vigil.auth.SessionService;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.password.PasswordPolicy;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Forgotten passwords. Asking never tells whether the login exists (the answer is always 202, and
 * at most one mail per account and minute goes out); a reset ends every session, clears the lock,
 * and leaves the link usable when the new password is refused.
 */
@ApplicationScoped
public class PasswordResetService {

    static final Duration MAIL_COOLDOWN = Duration.ofMinutes(1);

    private final UserRepository users;
    private final OneTimeTokens tokens;
    private final NotificationService notifications;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SecurityEvents audit;
    private final Clock clock;

    public PasswordResetService(UserRepository users, OneTimeTokens tokens, NotificationService notifications,
            SessionService sessions, PasswordHasher hasher, PasswordPolicy policy, SecurityEvents audit, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.notifications = notifications;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Mails a reset link to the owner of the login, if there is one; silent either way. */
    public Uni<Void> forgot(String login) {
        return Panache.withTransaction(() -> users.findByLogin(login.strip())
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : notifications.queuedWithin(user.id, MailTemplate.PASSWORD_RESET, MAIL_COOLDOWN)
                                .chain(recently -> recently ? Uni.createFrom().voidItem()
                                        : notifications.queueMailWithLink(MailTemplate.PASSWORD_RESET, user.id,
                                                user.email, Map.of("username", user.username),
                                                TokenPurpose.RESET_PASSWORD, null))));
    }

    /** Sets a new password with a reset link's token; does not log in. */
    public Uni<Void> reset(String token, String newPassword, ClientInfo client) {
        return tokens.check(TokenPurpose.RESET_PASSWORD, token)
                .chain(use -> Panache.withSession(() -> users.findById(use.userId())))
                .invoke(user -> {
                    if (user == null) {
                        throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
                    }
                    List<FieldError> problems = policy.check("new_password", newPassword, user.username, user.email);
                    if (!problems.isEmpty()) {
                        throw new VigilException(CommonError.VALIDATION_FAILED, "The new password is not acceptable",
                                problems);
                    }
                })
                .chain(user -> hasher.hash(newPassword))
                .chain(hash -> Panache.withTransaction(() -> tokens.consume(TokenPurpose.RESET_PASSWORD, token)
                        .chain(use -> users.findById(use.userId()))
                        .invoke(user -> {
                            user.passwordHash = hash;
                            user.failedAttempts = 0;
                            user.lockedUntil = null;
                            user.lockLevel = 0;
                            user.updatedAt = clock.instant();
                        })
                        .call(user -> sessions.revokeAll(user.id, null, RevokeReason.PASSWORD_RESET))
                        .call(user -> audit.record(SecurityEvent.of(SecurityEventType.PASSWORD_RESET, user.id, client)))
                        .call(user -> notifications.queueMail(MailTemplate.PASSWORD_RESET_DONE, user.id, user.email,
                                Map.of()))))
                .replaceWithVoid();
    }
}
