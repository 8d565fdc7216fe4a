package dev.vigil.checkin;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A trusted contact as the API shows it. {@code consent} is {@code pending} until they answer the
 * request; {@code delivery_failed} is true while the latest message to them could not be delivered
 * (the address bounced for good, or the number takes no text messages).
 */
public record TrustedContactResponse(UUID id, String name, @Schema(nullable = true) String email,
        @Schema(nullable = true) String phone, @Schema(nullable = true) String message,
        @Schema(enumeration = { "pending", "accepted", "declined" }) String consent,
        @Schema(nullable = true) Instant consentAnsweredAt, boolean deliveryFailed, Instant createdAt) {

    static TrustedContactResponse of(TrustedContact contact, boolean deliveryFailed) {
        return new TrustedContactResponse(contact.id, contact.name, contact.email, contact.phone, contact.message,
                contact.consent, contact.consentAnsweredAt, deliveryFailed, contact.createdAt);
    }
}
