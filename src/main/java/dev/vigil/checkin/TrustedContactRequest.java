package dev.vigil.checkin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.vigil.common.json.FreeText;
import dev.vigil.common.validation.Mailbox;

/** {@code POST /api/v1/me/trusted-contacts}; an email address or a phone number is required. */
public record TrustedContactRequest(
        @NotBlank @Size(max = 100) String name,
        @Mailbox String email,
        @Pattern(regexp = "^\\+[1-9][0-9]{1,14}$", message = "must be an E.164 number such as +4915112345678") String phone,
        @FreeText @Size(max = 2000) String message) {
}
