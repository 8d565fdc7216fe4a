package dev.vigil.auth;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.notify.OutboxJob;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The second half of "forgot password", run by the outbox after the request has answered: finds the
 * account of the login and mails its owner a reset link, at most once per {@link #MAIL_COOLDOWN}. An
 * unknown login ends here, silently, where no client is waiting for it.
 */
@ApplicationScoped
public class ResetLinkRequests implements OutboxJob {

    static final String NAME = "password-reset-request";
    static final String LOGIN = "login";
    static final Duration MAIL_COOLDOWN = Duration.ofMinutes(1);

    private final UserService users;
    private final NotificationService notifications;

    public ResetLinkRequests(UserService users, NotificationService notifications) {
        this.users = users;
        this.notifications = notifications;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<Void> run(Map<String, Object> input) {
        String login = String.valueOf(input.get(LOGIN));
        return Panache.withTransaction(() -> users.findByLogin(login)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : notifications.queuedWithin(user.userId(), MailTemplate.PASSWORD_RESET, MAIL_COOLDOWN)
                                .chain(recently -> recently ? Uni.createFrom().voidItem()
                                        : notifications.queueMailWithLink(MailTemplate.PASSWORD_RESET, user.userId(),
                                                user.email(), Map.of("username", user.username()),
                                                TokenPurpose.RESET_PASSWORD, null))));
    }
}
