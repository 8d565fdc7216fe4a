package dev.vigil.auth;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** The one failure of the admin PIN check (apart from {@link AuthError}, whose codes are login outcomes). */
public enum AdminPinError implements ErrorCode {
    /** An admin write without the acting admin's PIN: missing, wrong or locked, one answer for all three. */
    ADMIN_PIN_REQUIRED(403, "admin-pin-required", "The admin PIN is required");

    private final ProblemType problemType;

    AdminPinError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
