package dev.vigil.admin;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.vigil.common.json.FreeText;

/** Body of {@code POST /api/v1/admin/users/{id}/ban}: {@code until} absent means for good. */
public record BanRequest(@FreeText @NotBlank @Size(max = 500) String reason, Instant until) {
}
