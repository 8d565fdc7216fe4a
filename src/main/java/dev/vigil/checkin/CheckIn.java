package dev.vigil.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * One user's switch: the interval, the current deadline and whether it was released. Every change
 * reads the row locked first ({@link CheckInRepository#lock}, or the scanner's {@code FOR UPDATE SKIP
 * LOCKED}), so two changes at once run one after the other and each deadline advances once; a flush
 * writes only the columns that changed ({@link DynamicUpdate}).
 */
@Entity
@Table(name = "check_ins")
@DynamicUpdate
public class CheckIn {

    @Id
    public UUID userId;

    public boolean enabled;

    public Long intervalSeconds;

    public long graceSeconds;

    /** The interval as the user gave it ({@code P1DT1H} stays so); null for rows from before it was kept. */
    public String intervalText;

    /** The grace period as given or configured; null for rows from before it was kept. */
    public String graceText;

    /** The account is paused or cancelled: no reminders, no release. */
    public boolean suspended;

    /** Counts deadlines; reminder rows and link tokens name the deadline they belong to. */
    public long deadlineNo;

    public Instant lastCheckInAt;

    /** When the current deadline started (enable, check-in, resume, re-authorization): no reminder of it goes earlier. */
    public Instant deadlineStartedAt;

    public Instant nextDueAt;

    public Instant releaseAt;

    /** The next reminder the scanner must handle; null when there is nothing to remind of. */
    public Instant nextReminderAt;

    public Instant releasedAt;

    /** When grace begins and the accepted contacts are still to be asked to check on the user; else null. */
    public Instant askContactsAt;

    /** No reminders and no release before this; the current deadline starts there. */
    public Instant snoozedUntil;

    /** A successful login, refresh or API-key use counts as a check-in. */
    public boolean activityCounts;

    public Instant createdAt;

    public Instant updatedAt;

    Duration interval() {
        return intervalSeconds == null ? null : Duration.ofSeconds(intervalSeconds);
    }

    Duration gracePeriod() {
        return Duration.ofSeconds(graceSeconds);
    }

    /** Whether the scanner has anything to do for this switch: reminders or a release. */
    boolean live() {
        return enabled && !suspended && releasedAt == null;
    }
}
