package dev.vigil.auth;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** Signs in with a passkey: the {@code challenge_id} of the request options and the browser's answer. */
public record PasskeyLoginRequest(
        @NotNull UUID challengeId,
        @NotNull @Schema(implementation = PublicKeyCredentialJson.class) JsonNode credential) {
}
