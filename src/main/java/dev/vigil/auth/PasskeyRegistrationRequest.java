package dev.vigil.auth;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds a passkey: the {@code challenge_id} of the creation options, a name for the list, and what
 * {@code navigator.credentials.create()} answered, as its {@code toJSON()} gives it.
 */
public record PasskeyRegistrationRequest(
        @NotNull UUID challengeId,
        @NotBlank @Size(max = 100) String name,
        @NotNull @Schema(implementation = PublicKeyCredentialJson.class) JsonNode credential) {
}
