package dev.vigil.checkin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;

/**
 * Switch state. The scanner's two queries each run on a partial index over a due-time column, so
 * their cost follows what is due, not how many accounts exist; {@code SKIP LOCKED} lets several
 * instances scan at once without waiting for or repeating each other.
 */
@ApplicationScoped
class CheckInRepository implements PanacheRepositoryBase<CheckIn, UUID> {

    /** Uses {@code check_ins_reminder_due_idx}. */
    private static final String LOCK_DUE_REMINDERS = "SELECT CAST(user_id AS varchar) FROM check_ins"
            + " WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= :now"
            + " ORDER BY next_reminder_at LIMIT :limit FOR UPDATE SKIP LOCKED";

    /** Uses {@code check_ins_release_due_idx}; the predicate repeats the index's. */
    private static final String DUE_RELEASES = "SELECT CAST(user_id AS varchar) FROM check_ins"
            + " WHERE enabled AND NOT suspended AND released_at IS NULL AND release_at <= :now"
            + " ORDER BY release_at LIMIT :limit";

    private static final String LOCK_DUE_RELEASE = "SELECT CAST(user_id AS varchar) FROM check_ins"
            + " WHERE user_id = :user AND enabled AND NOT suspended AND released_at IS NULL AND release_at <= :now"
            + " FOR UPDATE SKIP LOCKED";

    /** Uses {@code check_ins_ask_due_idx}. */
    private static final String LOCK_DUE_ASKS = "SELECT CAST(user_id AS varchar) FROM check_ins"
            + " WHERE ask_contacts_at IS NOT NULL AND ask_contacts_at <= :now"
            + " ORDER BY ask_contacts_at LIMIT :limit FOR UPDATE SKIP LOCKED";

    /**
     * Records, in one statement for a batch of switches, that each running switch's accepted contacts
     * are asked about its current deadline; the contacts not asked before. One statement, not one per
     * contact: a native statement makes Hibernate flush the session first.
     */
    private static final String RECORD_ASKS = """
            WITH asked AS (
                INSERT INTO check_in_contact_asks (user_id, deadline_no, contact_id, asked_at)
                SELECT c.user_id, c.deadline_no, t.id, :now
                FROM check_ins c JOIN trusted_contacts t ON t.user_id = c.user_id AND t.consent = 'accepted'
                WHERE c.user_id IN (:users) AND c.enabled AND NOT c.suspended AND c.released_at IS NULL
                ON CONFLICT DO NOTHING
                RETURNING contact_id
            )
            SELECT CAST(contact_id AS varchar) FROM asked""";

    /** Moves each switch of a scan batch to its next reminder: {@code rows} is a JSON array of (user_id, next). */
    private static final String MOVE_REMINDERS = """
            UPDATE check_ins c SET next_reminder_at = r.next
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(user_id uuid, next timestamptz)
            WHERE c.user_id = r.user_id""";

    /** The switches among these that are still due for release and held by nobody else, locked in user-id order. */
    private static final String LOCK_DUE_RELEASES = "SELECT CAST(user_id AS varchar) FROM check_ins"
            + " WHERE user_id IN (:users) AND enabled AND NOT suspended AND released_at IS NULL AND release_at <= :now"
            + " ORDER BY user_id FOR UPDATE SKIP LOCKED";

    private static final String RECORD_VOUCH = "UPDATE check_in_contact_asks SET vouched_at = :now"
            + " WHERE user_id = :user AND deadline_no = :deadline AND contact_id = :contact AND vouched_at IS NULL";

    /** The switch, its row locked until the transaction ends, or null when the user has none. */
    Uni<CheckIn> lock(UUID userId) {
        return findById(userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Makes sure the user has a (disabled) switch row, so that a first configuration can lock it:
     * two first configurations at once then run one after the other instead of both inserting.
     */
    Uni<Void> ensureRow(UUID userId, long graceSeconds, String graceText, Instant now) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO check_ins (user_id, enabled, grace_seconds,"
                + " grace_text, created_at, updated_at) VALUES (:user, false, :grace, :graceText, :now, :now)"
                + " ON CONFLICT (user_id) DO NOTHING")
                .setParameter("user", userId)
                .setParameter("grace", graceSeconds)
                .setParameter("graceText", graceText)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Locks up to {@code limit} switches with a reminder due; joins the caller's transaction. */
    Uni<List<UUID>> lockDueReminders(Instant now, int limit) {
        return getSession().chain(s -> s.createNativeQuery(LOCK_DUE_REMINDERS, String.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList())
                .map(CheckInRepository::toIds);
    }

    /** Locks up to {@code limit} switches whose accepted contacts are due to be asked; joins the caller's transaction. */
    Uni<List<UUID>> lockDueAsks(Instant now, int limit) {
        return getSession().chain(s -> s.createNativeQuery(LOCK_DUE_ASKS, String.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList())
                .map(CheckInRepository::toIds);
    }

    /**
     * Records that the accepted contacts of these (locked) switches are asked about their current
     * deadline; the ids of the contacts asked now (those asked before are left out).
     */
    Uni<List<UUID>> recordAsks(List<UUID> userIds, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(RECORD_ASKS, String.class)
                .setParameter("users", userIds)
                .setParameter("now", now)
                .getResultList())
                .map(CheckInRepository::toIds);
    }

    /**
     * The switches, read-only: the scan reads them and writes what changes with one statement for the
     * batch, so the session must not also flush one {@code UPDATE} per switch.
     */
    Uni<List<CheckIn>> readOnly(List<UUID> userIds) {
        return getSession().chain(s -> s.createSelectionQuery("from CheckIn where userId in :users", CheckIn.class)
                .setParameter("users", userIds)
                .setReadOnly(true)
                .getResultList());
    }

    /** Sets each switch's {@code next_reminder_at} (null: none left) in one statement; joins the caller's transaction. */
    Uni<Void> moveReminders(Map<UUID, Instant> nextByUser) {
        if (nextByUser.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(nextByUser.size());
        nextByUser.forEach((userId, next) -> {
            Map<String, Object> row = new HashMap<>();
            row.put("user_id", userId.toString());
            row.put("next", next == null ? null : next.toString());
            rows.add(row);
        });
        return getSession().chain(s -> s.createNativeQuery(MOVE_REMINDERS)
                .setParameter("rows", Json.encode(rows))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Locks the switches among {@code userIds} still due for release that nobody else holds. */
    Uni<List<UUID>> lockDueReleases(Collection<UUID> userIds, Instant now) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery(LOCK_DUE_RELEASES, String.class)
                .setParameter("users", userIds)
                .setParameter("now", now)
                .getResultList())
                .map(CheckInRepository::toIds);
    }

    /** Marks these (locked) switches released: nothing more is planned for them. */
    Uni<Void> released(Collection<UUID> userIds, Instant now) {
        return userIds.isEmpty() ? Uni.createFrom().voidItem()
                : update("releasedAt = ?1, nextReminderAt = null, askContactsAt = null, updatedAt = ?1"
                        + " where userId in ?2", now, List.copyOf(userIds)).replaceWithVoid();
    }

    /** Stands these (locked) switches down: their account is not active, so they are never released. */
    Uni<Void> standDown(Collection<UUID> userIds) {
        return userIds.isEmpty() ? Uni.createFrom().voidItem()
                : update("suspended = true, nextReminderAt = null, askContactsAt = null where userId in ?1",
                        List.copyOf(userIds)).replaceWithVoid();
    }

    /** Clears {@code ask_contacts_at} of these (locked) switches: their contacts were asked. */
    Uni<Void> asked(List<UUID> userIds) {
        return update("askContactsAt = null where userId in ?1", userIds).replaceWithVoid();
    }

    /** Records the contact's vouch for this deadline; false when they vouched already (or were never asked). */
    Uni<Boolean> recordVouch(UUID userId, long deadlineNo, UUID contactId, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(RECORD_VOUCH)
                .setParameter("user", userId)
                .setParameter("deadline", deadlineNo)
                .setParameter("contact", contactId)
                .setParameter("now", now)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    /**
     * The switch, locked, when activity may count as a check-in now: the user opted in, the switch
     * runs, and the last check-in is older than {@code checkedInBefore}; else null, without a lock.
     */
    Uni<CheckIn> lockForActivity(UUID userId, Instant checkedInBefore) {
        return find("userId = ?1 and activityCounts = true and enabled = true and suspended = false"
                + " and releasedAt is null and (lastCheckInAt is null or lastCheckInAt <= ?2)", userId, checkedInBefore)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** Switches whose release time has passed (not locked: each is released in its own transaction). */
    Uni<List<UUID>> dueReleases(Instant now, int limit) {
        return getSession().chain(s -> s.createNativeQuery(DUE_RELEASES, String.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList())
                .map(CheckInRepository::toIds);
    }

    /** Locks the switch if it is still due for release and nobody else holds it. */
    Uni<Boolean> lockDueRelease(UUID userId, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(LOCK_DUE_RELEASE, String.class)
                .setParameter("user", userId)
                .setParameter("now", now)
                .getResultList())
                .map(ids -> !ids.isEmpty());
    }

    private static List<UUID> toIds(List<String> ids) {
        return ids.stream().map(UUID::fromString).toList();
    }
}
