package dev.vigil.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.password.PasswordPolicy;
import dev.vigil.common.security.Caller;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.user.UserChange;
import dev.vigil.user.UserContact;
import dev.vigil.user.UserLifecycle;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

/**
 * Changing a password (knowing the current one) and setting a new one through a mailed reset link.
 * Asking for a link never tells whether the login exists (always 202, at most one mail per account and
 * minute). A change or a reset is announced as a {@link UserChange}, so whatever must not outlive the
 * old password (sessions; for a reset also API keys) ends in the same transaction. A refused new
 * password leaves a reset link usable.
 */
@ApplicationScoped
public class PasswordService {

    private final UserService users;
    private final Credentials credentials;
    private final UserLifecycle lifecycle;
    private final OneTimeTokens tokens;
    private final NotificationService notifications;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SecurityEvents audit;

    public PasswordService(UserService users, Credentials credentials, UserLifecycle lifecycle, OneTimeTokens tokens,
            NotificationService notifications, PasswordHasher hasher, PasswordPolicy policy, SecurityEvents audit) {
        this.users = users;
        this.credentials = credentials;
        this.lifecycle = lifecycle;
        this.tokens = tokens;
        this.notifications = notifications;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
    }

    /** {@code POST /api/v1/me/password}: every other session of the user ends. */
    public Uni<Void> change(Caller caller, String currentPassword, String newPassword, ClientInfo client) {
        UUID userId = caller.userId();
        return Panache.withSession(() -> users.contactOf(userId))
                .invoke(user -> {
                    if (user == null) {
                        throw new UnauthorizedException(); // deleted meanwhile
                    }
                })
                .call(user -> credentials.confirm(userId, currentPassword))
                .invoke(user -> acceptable(newPassword, user))
                .chain(user -> hasher.hash(newPassword)
                        .chain(hash -> Panache.withTransaction(() -> credentials.setPassword(userId, hash, false)
                                .chain(() -> lifecycle.announce(UserChange.keeping(userId, UserChange.Kind.PASSWORD_CHANGED,
                                        caller.sessionId())))
                                .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.PASSWORD_CHANGED, userId,
                                        client).with(facts)))
                                .call(() -> notifications.queueMail(MailTemplate.PASSWORD_CHANGED, userId, user.email(),
                                        Map.of())))))
                .replaceWithVoid();
    }

    /**
     * {@code POST /api/v1/auth/password/forgot}: queues the request; {@link ResetLinkRequests} finds the
     * account, if any, and mails its owner a link. The request itself does the same work either way.
     */
    public Uni<Void> forgot(String login) {
        return notifications.queueJob(ResetLinkRequests.NAME, Map.of(ResetLinkRequests.LOGIN, login.strip()));
    }

    /** {@code POST /api/v1/auth/password/reset}: sets a new password with a reset link's token; does not log in. */
    public Uni<Void> reset(String token, String newPassword, ClientInfo client) {
        return tokens.check(TokenPurpose.RESET_PASSWORD, token)
                .chain(use -> Panache.withSession(() -> users.contactOf(use.userId())))
                .invoke(user -> {
                    if (user == null) {
                        throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
                    }
                    acceptable(newPassword, user);
                })
                .chain(user -> hasher.hash(newPassword))
                .chain(hash -> Panache.withTransaction(() -> tokens.consume(TokenPurpose.RESET_PASSWORD, token)
                        .chain(use -> credentials.setPassword(use.userId(), hash, true)
                                .chain(() -> lifecycle.announce(UserChange.of(use.userId(), UserChange.Kind.PASSWORD_RESET)))
                                .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.PASSWORD_RESET, use.userId(),
                                        client).with(facts)))
                                .call(() -> users.contactOf(use.userId())
                                        .chain(user -> notifications.queueMail(MailTemplate.PASSWORD_RESET_DONE,
                                                use.userId(), user.email(), Map.of()))))))
                .replaceWithVoid();
    }

    private void acceptable(String newPassword, UserContact user) {
        List<FieldError> problems = policy.check("new_password", newPassword, user.username(), user.email());
        if (!problems.isEmpty()) {
            throw new VigilException(CommonError.VALIDATION_FAILED, "The new password is not acceptable", problems);
        }
    }
}
