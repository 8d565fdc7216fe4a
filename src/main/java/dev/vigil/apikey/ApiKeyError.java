package dev.vigil.apikey;

import dev.vigil.common.error.ErrorCode;
import dev.vigil.common.error.ProblemType;

/** Failures of managing API keys. */
public enum ApiKeyError implements ErrorCode {
    LIMIT_REACHED(409, "limit-reached", "Too many API keys");

    private final ProblemType problemType;

    ApiKeyError(int status, String slug, String title) {
        this.problemType = new ProblemType(status, slug, title);
    }

    @Override
    public ProblemType problemType() {
        return problemType;
    }
}
