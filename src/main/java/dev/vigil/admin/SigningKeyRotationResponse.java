package dev.vigil.admin;

import java.time.Instant;

import dev.vigil.auth.SigningKeyRotation.Rotation;

/**
 * The key a rotation made (or the one that was already waiting to sign): published in the JWKS now,
 * signing from {@code signsFrom}, when {@code replacesKid} stops signing.
 */
public record SigningKeyRotationResponse(String kid, Instant signsFrom, String replacesKid) {

    static SigningKeyRotationResponse of(Rotation rotation) {
        return new SigningKeyRotationResponse(rotation.kid(), rotation.signsFrom(), rotation.replacesKid());
    }
}
