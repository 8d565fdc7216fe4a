package dev.vigil.common.error;

/** The fixed parts of a problem: HTTP status, type slug and title. */
public record ProblemType(int status, String slug, String title) implements ErrorCode {

    @Override
    public ProblemType problemType() {
        return this;
    }
}
