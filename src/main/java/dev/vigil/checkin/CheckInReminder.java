package dev.vigil.checkin;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A reminder that went out ({@code sentAt}) or was passed over ({@code skippedAt}). The key (user,
 * deadline, offset) is what makes each one handled once.
 */
@Entity
@Table(name = "check_in_reminders")
@IdClass(CheckInReminder.Key.class)
public class CheckInReminder {

    @Id
    public UUID userId;

    @Id
    public long deadlineNo;

    @Id
    public long offsetSeconds;

    public Instant plannedAt;

    /** The channel the user prefers; an escalated reminder went to the other one too. */
    public String channel;

    /** Sent to both the address and the phone number: the last reminder before the deadline, and those in grace. */
    public boolean escalated;

    public Instant sentAt;

    public Instant skippedAt;

    /** The composite key. */
    public static class Key implements Serializable {

        public UUID userId;
        public long deadlineNo;
        public long offsetSeconds;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && deadlineNo == k.deadlineNo
                    && offsetSeconds == k.offsetSeconds;
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, deadlineNo, offsetSeconds);
        }
    }
}
