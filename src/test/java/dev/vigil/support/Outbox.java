package dev.vigil.support;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

/**
 * What Vigil has queued to send, read straight from the {@code outbox} table. A mail a user was
 * promised (a verification link, a notice) exists exactly when its row does, so tests look here
 * instead of waiting for SMTP.
 */
public final class Outbox {

    /** A queued message that has not died: either still waiting or already delivered. */
    public static final Set<String> LIVE_STATUSES = Set.of("pending", "sending", "sent");

    private Outbox() {
    }

    /** One queued message, as far as a recipient would notice it. */
    public record Message(String template, String recipient, String status) {
    }

    /** Every message about the user with this (lower-case) username, oldest first. */
    public static List<Message> aboutUser(DataSource dataSource, String username) {
        return messages(Db.query(dataSource, "SELECT o.template, o.recipient, o.status FROM outbox o"
                + " JOIN users u ON u.id = o.user_id WHERE u.username = ? ORDER BY o.created_at, o.id", username));
    }

    /** Every message addressed to this recipient (compared case-insensitively), oldest first. */
    public static List<Message> to(DataSource dataSource, String recipient) {
        return messages(Db.query(dataSource, "SELECT template, recipient, status FROM outbox"
                + " WHERE lower(recipient) = lower(?) ORDER BY created_at, id", recipient));
    }

    /** How many messages with this template were queued about the user with this username. */
    public static long count(DataSource dataSource, String username, String template) {
        return aboutUser(dataSource, username).stream().filter(m -> m.template().equals(template)).count();
    }

    private static List<Message> messages(List<Map<String, Object>> rows) {
        return rows.stream()
                .map(row -> new Message((String) row.get("template"), (String) row.get("recipient"),
                        (String) row.get("status")))
                .toList();
    }
}
