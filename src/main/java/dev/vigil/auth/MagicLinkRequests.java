package dev.vigil.auth;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.notify.OutboxJob;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * "Mail me a sign-in link": the request only queues this job, the same for every address, so its
 * timing cannot tell whether the address has an account. The job looks the address up where no
 * client is waiting, and mails its owner a one-time link to the client app, at most once per
 * {@link #MAIL_COOLDOWN}; an unknown address ends here, silently.
 */
@ApplicationScoped
public class MagicLinkRequests implements OutboxJob {

    static final String NAME = "magic-link-request";
    static final String EMAIL = "email";
    static final Duration MAIL_COOLDOWN = Duration.ofMinutes(1);

    private final UserService users;
    private final NotificationService notifications;
    private final OneTimeTokens tokens;

    public MagicLinkRequests(UserService users, NotificationService notifications, OneTimeTokens tokens) {
        this.users = users;
        this.notifications = notifications;
        this.tokens = tokens;
    }

    /** {@code POST /api/v1/auth/magic-link}. */
    public Uni<Void> request(String email) {
        return notifications.queueJob(NAME, Map.of(EMAIL, email.strip()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<Void> run(Map<String, Object> input) {
        String email = String.valueOf(input.get(EMAIL));
        long validMinutes = Math.max(1, tokens.lifetime(TokenPurpose.MAGIC_LINK).toMinutes());
        return Panache.withTransaction(() -> users.findByLogin(email)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : notifications.queuedWithin(user.userId(), MailTemplate.MAGIC_LINK, MAIL_COOLDOWN)
                                .chain(recently -> recently ? Uni.createFrom().voidItem()
                                        : notifications.queueMailWithLink(MailTemplate.MAGIC_LINK, user.userId(),
                                                user.email(), Map.of("username", user.username(), "valid_minutes", validMinutes),
                                                TokenPurpose.MAGIC_LINK, null))));
    }
}
