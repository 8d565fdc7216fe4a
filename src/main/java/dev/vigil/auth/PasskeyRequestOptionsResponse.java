package dev.vigil.auth;

import java.util.List;
import java.util.UUID;

/**
 * What {@code navigator.credentials.get()} needs, in Vigil's snake_case; {@code challenge} and the
 * credential ids are base64url without padding. An empty {@code allow_credentials} lets any passkey
 * of the site answer (discoverable credentials).
 */
public record PasskeyRequestOptionsResponse(
        String challenge,
        String rpId,
        List<PasskeyDescriptor> allowCredentials,
        long timeout,
        String userVerification,
        UUID challengeId) {
}
