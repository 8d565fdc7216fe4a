package dev.vigil.admin;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of the admin tools. */
public enum AdminError implements ErrorCode {
    /** The acting admin has a PIN and did not send it, or sent a wrong one: one answer for both. */
    ADMIN_PIN_REQUIRED(403, "admin-pin-required", "The admin PIN is required");

    private final ProblemType problemType;

    AdminError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
