package dev.vigil.auth;

import java.util.List;
import java.util.UUID;

/**
 * What {@code navigator.credentials.create()} needs, in Vigil's snake_case; the binary members
 * ({@code challenge}, {@code user.id}, the credential ids) are base64url without padding. Answer with
 * {@code challenge_id} within {@link #timeout()} milliseconds.
 */
public record PasskeyCreationOptionsResponse(
        UUID challengeId,
        String challenge,
        PasskeyRelyingParty rp,
        PasskeyUserEntity user,
        List<PasskeyAlgorithm> pubKeyCredParams,
        List<PasskeyDescriptor> excludeCredentials,
        long timeout,
        PasskeySelection authenticatorSelection,
        String attestation) {

    /** The relying party: its id (a domain) and the name a browser shows. */
    public record PasskeyRelyingParty(String id, String name) {
    }

    /** The user the passkey is for; {@code id} is the user handle (the user's id, no personal data). */
    public record PasskeyUserEntity(String id, String name, String displayName) {
    }

    /** An accepted key type: {@code public-key} and a COSE algorithm number (-7 ES256, -8 EdDSA, -257 RS256). */
    public record PasskeyAlgorithm(String type, int alg) {
    }

    /** What the authenticator must do: keep a discoverable credential and verify the user. */
    public record PasskeySelection(String residentKey, boolean requireResidentKey, String userVerification) {
    }
}
