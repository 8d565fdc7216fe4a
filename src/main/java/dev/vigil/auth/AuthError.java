package dev.vigil.auth;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of logging in and of using tokens. */
public enum AuthError implements ErrorCode {
    INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid login or password"),
    INVALID_REFRESH_TOKEN(401, "invalid-token", "The refresh token is not valid"),
    ACCOUNT_LOCKED(423, "account-locked", "The account is locked"),
    ACCOUNT_BANNED(403, "account-banned", "The account is banned"),
    ACCOUNT_RELEASED(403, "account-released", "The account was released");

    private final ProblemType problemType;

    AuthError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
