package dev.vigil.checkin;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A trusted contact as the API shows it. */
public record TrustedContactResponse(UUID id, String name, @Schema(nullable = true) String email,
        @Schema(nullable = true) String phone, @Schema(nullable = true) String message, Instant createdAt) {

    static TrustedContactResponse of(TrustedContact contact) {
        return new TrustedContactResponse(contact.id, contact.name, contact.email, contact.phone, contact.message,
                contact.createdAt);
    }
}
