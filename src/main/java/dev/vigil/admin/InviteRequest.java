package dev.vigil.admin;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/admin/invites}. */
public record InviteRequest(
        @NotBlank @Email(regexp = "[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+") @Size(max = 254) String email) {
}
