package dev.vigil.notify;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

public enum NotifyError implements ErrorCode {
    NOT_DEAD(409, "invalid-state-transition", "The message is not dead");

    private final ProblemType problemType;

    NotifyError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
