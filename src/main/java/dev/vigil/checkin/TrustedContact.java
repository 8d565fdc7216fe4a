package dev.vigil.checkin;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Someone to tell, with the user's message, when the user's switch is released, once they have
 * accepted: a new contact is asked first ({@code consent} {@code pending}), and only an accepted one
 * is asked to check on the user in grace and receives the message at release.
 */
@Entity
@Table(name = "trusted_contacts")
public class TrustedContact {

    @Id
    public UUID id;

    public UUID userId;

    public String name;

    public String email;

    public String phone;

    public String message;

    /**
     * The form {@code message} is stored in: only {@code plain} so far. The column leaves room for a
     * sealed (encrypted) form that the release would pass on without reading.
     */
    public String messageFormat = MESSAGE_PLAIN;

    /** {@code pending}, {@code accepted} or {@code declined}. */
    public String consent;

    public Instant consentAnsweredAt;

    /** When the latest consent request was queued (resending waits for a cooldown). */
    public Instant consentRequestedAt;

    public Instant createdAt;

    static final String MESSAGE_PLAIN = "plain";
    static final String PENDING = "pending";
    static final String ACCEPTED = "accepted";
    static final String DECLINED = "declined";

    boolean accepted() {
        return ACCEPTED.equals(consent);
    }
}
