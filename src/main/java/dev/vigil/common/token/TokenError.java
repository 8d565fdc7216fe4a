package dev.vigil.common.token;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Why a one-time token was refused. */
public enum TokenError implements ErrorCode {
    INVALID_TOKEN(400, "invalid-token", "The link is not valid"),
    EXPIRED_TOKEN(400, "expired-token", "The link has expired"),
    USED_TOKEN(400, "used-token", "The link was already used");

    private final ProblemType problemType;

    TokenError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
