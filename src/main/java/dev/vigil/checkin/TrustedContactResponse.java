package dev.vigil.checkin;

import java.time.Instant;
import java.util.UUID;

/** A trusted contact as the API shows it. */
public record TrustedContactResponse(UUID id, String name, String email, String phone, String message,
        Instant createdAt) {

    static TrustedContactResponse of(TrustedContact contact) {
        return new TrustedContactResponse(contact.id, contact.name, contact.email, contact.phone, contact.message,
                contact.createdAt);
    }
}
