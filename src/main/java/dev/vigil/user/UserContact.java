package dev.vigil.user;

import java.util.UUID;

/** How to reach a user and when their day is: what reminders and release notices need. */
public record UserContact(
        UUID userId,
        String username,
        String displayName,
        String email,
        String phone,
        String preferredContactMethod,
        String timezone) {

    static UserContact of(User user) {
        return new UserContact(user.id, user.username, user.displayName, user.email, user.phone,
                user.preferredContactMethod, user.timezone);
    }
}
