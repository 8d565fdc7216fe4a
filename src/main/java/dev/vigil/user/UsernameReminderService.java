package dev.vigil.user;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** "Which username did I pick?": mailed to the address's owner, silent to everyone else. */
@ApplicationScoped
public class UsernameReminderService {

    static final Duration MAIL_COOLDOWN = Duration.ofMinutes(1);

    private final UserRepository users;
    private final NotificationService notifications;

    public UsernameReminderService(UserRepository users, NotificationService notifications) {
        this.users = users;
        this.notifications = notifications;
    }

    public Uni<Void> remind(String email) {
        return Panache.withTransaction(() -> users.findByEmail(email.strip())
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : notifications.queuedWithin(user.id, MailTemplate.USERNAME_REMINDER, MAIL_COOLDOWN)
                                .chain(recently -> recently ? Uni.createFrom().voidItem()
                                        : notifications.queueMail(MailTemplate.USERNAME_REMINDER, user.id, user.email,
                                                Map.of("username", user.username)))));
    }
}
