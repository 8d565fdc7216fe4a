package dev.vigil.auth;

/** The password was right and TOTP is on: {@code mfa_token} and a code complete the login. */
public record MfaChallengeResponse(boolean mfaRequired, String mfaToken) implements LoginResponse {

    static MfaChallengeResponse of(String mfaToken) {
        return new MfaChallengeResponse(true, mfaToken);
    }
}
