package dev.vigil.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a password login answers: a token pair, or the demand for a second factor. */
@Schema(oneOf = { TokenPair.class, MfaChallengeResponse.class },
        description = "A token pair, or (when TOTP is on) mfa_required with the mfa_token for /api/v1/auth/login/mfa")
public sealed interface LoginResponse permits TokenPair, MfaChallengeResponse {
}
