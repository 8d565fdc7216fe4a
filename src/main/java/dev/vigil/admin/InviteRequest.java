package dev.vigil.admin;

import jakarta.validation.constraints.NotBlank;

import dev.vigil.common.validation.Mailbox;

/** Body of {@code POST /api/v1/admin/invites}. */
public record InviteRequest(
        @NotBlank @Mailbox String email) {
}
