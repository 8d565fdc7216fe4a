package dev.vigil.auth;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of managing the token signing keys. */
public enum SigningKeyError implements ErrorCode {
    /** Rotating while the key comes from {@code vigil.tokens.signing-key-file}. */
    FROM_FILE(409, "invalid-state-transition", "The signing key is configured, not stored");

    private final ProblemType problemType;

    SigningKeyError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
