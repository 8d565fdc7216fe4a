package dev.vigil.user;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.notify.OutboxJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * "Which username did I pick?": mailed to the address's owner, silent to everyone else. The request
 * only queues a job, the same for every address; the job looks the address up later, so the answer's
 * timing cannot tell whether it belongs to an account.
 */
@ApplicationScoped
public class UsernameReminderService implements OutboxJob {

    static final String NAME = "username-reminder-request";
    static final String EMAIL = "email";
    static final Duration MAIL_COOLDOWN = Duration.ofMinutes(1);

    private final UserRepository users;
    private final NotificationService notifications;

    public UsernameReminderService(UserRepository users, NotificationService notifications) {
        this.users = users;
        this.notifications = notifications;
    }

    /** {@code POST /api/v1/auth/username/forgot}. */
    public Uni<Void> remind(String email) {
        return notifications.queueJob(NAME, Map.of(EMAIL, email.strip()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Mails the username to the owner of the queued address, at most once per {@link #MAIL_COOLDOWN}. */
    @Override
    public Uni<Void> run(Map<String, Object> input) {
        String email = String.valueOf(input.get(EMAIL));
        return Panache.withTransaction(() -> users.findByEmail(email)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : notifications.queuedWithin(user.id, MailTemplate.USERNAME_REMINDER, MAIL_COOLDOWN)
                                .chain(recently -> recently ? Uni.createFrom().voidItem()
                                        : notifications.queueMail(MailTemplate.USERNAME_REMINDER, user.id, user.email,
                                                Map.of("username", user.username)))));
    }
}
