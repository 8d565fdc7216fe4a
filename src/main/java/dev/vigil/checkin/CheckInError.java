package dev.vigil.checkin;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Why a check-in request was refused. */
public enum CheckInError implements ErrorCode {
    INVALID_STATE_TRANSITION(409, "invalid-state-transition", "Not possible in the switch's current state"),
    LIMIT_REACHED(409, "limit-reached", "The limit is reached");

    private final ProblemType problemType;

    CheckInError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
