package dev.vigil.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
    private final UserLifecycle lifecycle;
    private final Clock clock;

    public EmailVerificationService(UserRepository users, OneTimeTokens tokens, NotificationService notifications,
            SecurityEvents audit, UserLifecycle lifecycle, Clock clock) {
        this.users = users;
        this.lifecycle = lifecycle;
        this.tokens = tokens;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Spends a verification token: the address it was sent to becomes the verified email. When a
     * pending address replaces the old one, the change is announced (every session but the one that
     * asked for it ends, reset links die), the old address is told with a "this wasn't me" link, and
     * {@code email.changed} is recorded; otherwise {@code email.verified}.
     */
    public Uni<Void> verify(String token, ClientInfo client) {
        return Panache.withTransaction(() -> tokens.consume(TokenPurpose.VERIFY_EMAIL, token)
                .chain(use -> users.findById(use.userId(), LockModeType.PESSIMISTIC_WRITE)
                        .chain(user -> confirm(user, use.target(), client))))
                .onFailure(e -> UniqueViolation.is(e, RegistrationService.EMAIL_UNIQUE))
                .transform(e -> new VigilException(TokenError.INVALID_TOKEN,
                        "This address is now used by another account"))
                .replaceWithVoid();
    }

    /**
     * The "this wasn't me" link of an address-change notice: the account gets back the address the
     * notice went to (a pending change is dropped, a done one undone), every session and API key of
     * the account ends, and a reset link goes to that address, so its owner can take the account back.
     */
    public Uni<Void> undoChange(String token, ClientInfo client) {
        return Panache.withTransaction(() -> tokens.consume(TokenPurpose.UNDO_EMAIL_CHANGE, token)
                .chain(use -> users.findById(use.userId(), LockModeType.PESSIMISTIC_WRITE)
                        .chain(user -> undo(user, use.target(), client))))
                .onFailure(e -> UniqueViolation.is(e, RegistrationService.EMAIL_UNIQUE))
                .transform(e -> new VigilException(TokenError.INVALID_TOKEN,
                        "That address is now used by another account"))
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

    /** Applies the verification, with everything a change of address sets off. */
    private Uni<Void> confirm(User user, String address, ClientInfo client) {
        if (user == null || address == null) {
            throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
        }
        String normalized = address.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        if (user.pendingEmail != null && user.pendingEmail.toLowerCase(Locale.ROOT).equals(normalized)) {
            String oldAddress = user.email;
            UUID askedBy = user.pendingEmailSessionId;
            user.email = user.pendingEmail;
            user.pendingEmail = null;
            user.pendingEmailSessionId = null;
            user.emailVerified = true;
            user.updatedAt = now;
            return users.flush()
                    .chain(() -> lifecycle.announce(UserChange.keeping(user.id, UserChange.Kind.EMAIL_CHANGED, askedBy)))
                    .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.EMAIL_CHANGED, user.id, client)
                            .with(facts)))
                    .call(() -> notifications.queueMailWithLink(MailTemplate.EMAIL_CHANGED, user.id, oldAddress,
                            Map.of("new_email", user.email), TokenPurpose.UNDO_EMAIL_CHANGE, oldAddress))
                    .replaceWithVoid();
        }
        if (!user.email.toLowerCase(Locale.ROOT).equals(normalized)) {
            // Sent to an address the user has since moved away from.
            throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
        }
        user.emailVerified = true;
        user.updatedAt = now;
        return users.flush()
                .chain(() -> audit.record(SecurityEvent.of(SecurityEventType.EMAIL_VERIFIED, user.id, client)));
    }

    private Uni<Void> undo(User user, String address, ClientInfo client) {
        if (user == null || address == null) {
            throw new VigilException(TokenError.INVALID_TOKEN, "The link is not valid");
        }
        boolean restored = !user.email.equalsIgnoreCase(address);
        user.email = address;
        user.emailVerified = true; // its owner just followed a link sent there
        user.pendingEmail = null;
        user.pendingEmailSessionId = null;
        user.updatedAt = clock.instant();
        return users.flush()
                .chain(() -> tokens.spendAll(TokenPurpose.VERIFY_EMAIL, user.id))
                .chain(() -> lifecycle.announce(UserChange.of(user.id, UserChange.Kind.EMAIL_CHANGE_UNDONE)))
                .call(facts -> audit.record(SecurityEvent.of(SecurityEventType.EMAIL_CHANGE_UNDONE, user.id, client)
                        .by(null)
                        .with("address_restored", restored)
                        .with(facts)))
                .call(() -> notifications.queueMailWithLink(MailTemplate.PASSWORD_RESET, user.id, address,
                        Map.of("username", user.username), TokenPurpose.RESET_PASSWORD, null))
                .replaceWithVoid();
    }
}
