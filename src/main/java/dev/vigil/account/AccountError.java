package dev.vigil.account;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

public enum AccountError implements ErrorCode {
    INVALID_STATE_TRANSITION(409, "invalid-state-transition", "This status change is not allowed");

    private final ProblemType problemType;

    AccountError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
