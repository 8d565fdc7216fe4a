package dev.vigil.user;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of registration and of managing one's own user. */
public enum UserError implements ErrorCode {
    USERNAME_TAKEN(409, "username-taken", "The username is taken"),
    INVITE_REQUIRED(403, "invite-required", "Registration needs an invitation"),
    ALREADY_VERIFIED(409, "already-verified", "Already verified");

    private final ProblemType problemType;

    UserError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
