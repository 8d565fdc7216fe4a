package dev.vigil.apikey;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/me/api-keys} and {@code POST /api/v1/admin/service-keys}. */
public record ApiKeyCreateRequest(
        @NotBlank @Size(max = 100) String name,
        Instant expiresAt,
        @Size(max = 2) List<String> scopes) {
}
