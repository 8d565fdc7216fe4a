package dev.vigil.checkin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;

@ApplicationScoped
class CheckInReminderRepository implements PanacheRepositoryBase<CheckInReminder, CheckInReminder.Key> {

    /**
     * One row per reminder of a scan batch. No {@code ON CONFLICT}: a reminder recorded already means
     * another scanner handled the switch, and the failure rolls the whole batch back, messages included.
     */
    private static final String INSERT = """
            INSERT INTO check_in_reminders (user_id, deadline_no, offset_seconds, planned_at, channel, escalated,
                                            sent_at, skipped_at)
            SELECT user_id, deadline_no, offset_seconds, planned_at, channel, escalated, sent_at, skipped_at
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(user_id uuid, deadline_no bigint, offset_seconds bigint,
                 planned_at timestamptz, channel text, escalated boolean, sent_at timestamptz, skipped_at timestamptz)""";

    /** Inserts the rows in one statement; joins the caller's transaction. */
    Uni<Void> insertAll(List<CheckInReminder> reminders) {
        if (reminders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(reminders.size());
        for (CheckInReminder reminder : reminders) {
            Map<String, Object> row = new HashMap<>();
            row.put("user_id", reminder.userId.toString());
            row.put("deadline_no", reminder.deadlineNo);
            row.put("offset_seconds", reminder.offsetSeconds);
            row.put("planned_at", reminder.plannedAt.toString());
            row.put("channel", reminder.channel);
            row.put("escalated", reminder.escalated);
            row.put("sent_at", reminder.sentAt == null ? null : reminder.sentAt.toString());
            row.put("skipped_at", reminder.skippedAt == null ? null : reminder.skippedAt.toString());
            rows.add(row);
        }
        return getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("rows", Json.encode(rows))
                .executeUpdate())
                .replaceWithVoid();
    }
}
