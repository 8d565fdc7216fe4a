package dev.vigil.user;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.db.UniqueViolation;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.security.Caller;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

/**
 * Proving that a user can read mail at an address: the one they registered with, or a new one
 * they asked to change to (which only then replaces the old).
 */
@ApplicationScoped
public class EmailVerificationService {

    static final Duration RESEND_COOLDOWN = Duration.ofMinutes(1);

    private final UserRepository users;
    private final OneTimeTokens tokens;
    private final NotificationService notifications;
    private final SecurityEvents audit;
    private final Clock clock;

    public EmailVerificationService(UserRepository users, OneTimeTokens tokens, NotificationService notifications,
            SecurityEvents audit, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Spends a verification token: the address it was sent to becomes the verified email. Records
     * {@code email.changed} when a pending address replaced the old one, else {@code email.verified}.
     */
    public Uni<Void> verify(String token, ClientInfo client) {
        return Panache.withTransaction(() -> tokens.consume(TokenPurpose.VERIFY_EMAIL, token)
                .chain(use -> users.findById(use.userId(), LockModeType.PESSIMISTIC_WRITE)
                        .map(user -> confirm(user, use.target()))
                        .call(users::flush)
                        .chain(type -> audit.record(SecurityEvent.of(type, use.userId(), client)))))
                .onFailure(e -> UniqueViolation.is(e, RegistrationService.EMAIL_UNIQUE))
                .transform(e -> new VigilException(TokenError.INVALID_TOKEN,
                        "This address is now used by another account"))
                .replaceWithVoid();
    }

    /** Sends the verification link again, to the pending address if there is one. */
    public Uni<Void> resend(Caller caller) {
        return Panache.withTransaction(() -> users.findById(caller.userId())
                .chain(user -> {
                    if (user == null) {
                        throw new UnauthorizedException();
                    }
                    if (user.pendingEmail == null && user.emailVerified) {
                        throw new VigilException(UserError.ALREADY_VERIFIED, "The email address is already verified");
                    }
                    String address = user.pendingEmail != null ? user.pendingEmail : user.email;
                    return notifications.queuedWithin(user.id, MailTemplate.VERIFY_EMAIL, RESEND_COOLDOWN)
                            .chain(recently -> {
                                if (recently) {
                                    throw new VigilException(CommonError.RATE_LIMITED,
                                            "A verification mail was sent less than a minute ago")
                                            .with(Problem.RETRY_AFTER, RESEND_COOLDOWN.toSeconds());
                                }
                                return notifications.queueMailWithLink(MailTemplate.VERIFY_EMAIL, user.id, address,
                                        Map.of("email", address, "pending", user.pendingEmail != null),
                                        TokenPurpose.VERIFY_EMAIL, address);
                            });
                }));
    }

    /** Applies the verification; which event it is. */
    private SecurityEventType confirm(User user, String address) {
        if (user == null || address == null) {
            throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
        }
        String normalized = address.toLowerCase(Locale.ROOT);
        SecurityEventType event = SecurityEventType.EMAIL_VERIFIED;
        if (user.pendingEmail != null && user.pendingEmail.toLowerCase(Locale.ROOT).equals(normalized)) {
            user.email = user.pendingEmail;
            user.pendingEmail = null;
            event = SecurityEventType.EMAIL_CHANGED;
        } else if (!user.email.toLowerCase(Locale.ROOT).equals(normalized)) {
            // Sent to an address the user has since moved away from.
            throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
        }
        user.emailVerified = true;
        user.updatedAt = clock.instant();
        return event;
    }
}
