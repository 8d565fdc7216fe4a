package dev.vigil.checkin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/trusted-contacts/confirm}: the token of a consent request and the contact's answer. */
public record ContactConsentRequest(
        @NotBlank @Size(max = 128) String token,
        @NotNull @Schema(enumeration = { "accept", "decline" }) String answer) {
}
