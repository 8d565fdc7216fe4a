package dev.vigil.auth;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of logging in and of using tokens. */
public enum AuthError implements ErrorCode {
    INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid login or password"),
    INVALID_REFRESH_TOKEN(401, "invalid-token", "The refresh token is not valid"),
    ACCOUNT_LOCKED(423, "account-locked", "The account is locked"),
    ACCOUNT_BANNED(403, "account-banned", "The account is banned"),
    ACCOUNT_RELEASED(403, "account-released", "The account was released"),
    WRONG_PASSWORD(400, "wrong-password", "The password is not right"),
    /** A wrong second-factor code at login; it counts as a failed login. */
    INVALID_CODE(401, "invalid-code", "The code is not right"),
    /** An unknown, used or expired {@code mfa_token}. */
    INVALID_MFA_TOKEN(401, "invalid-token", "The two-factor login is not valid; log in again"),
    /** A wrong code while confirming a new authenticator. */
    INVALID_ENROLMENT_CODE(400, "invalid-code", "The code is not right"),
    /** Enrolling while TOTP is already on, or confirming without a pending enrolment. */
    MFA_STATE(409, "invalid-state-transition", "Two-factor login is not in a state that allows this"),
    /** A passkey whose attestation does not verify, or a registration whose challenge is spent or gone. */
    INVALID_PASSKEY(400, "invalid-code", "The passkey could not be verified"),
    /** Removing the last passkey of a user who has no password would lock them out. */
    LAST_PASSKEY(409, "invalid-state-transition", "The last way to sign in cannot be removed");

    private final ProblemType problemType;

    AuthError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
