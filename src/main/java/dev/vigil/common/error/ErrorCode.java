package dev.vigil.common.error;

/**
 * A stable, client-visible kind of failure: its HTTP status, its problem type slug (the last
 * segment of {@code https://vigil.dev/problems/<slug>}) and a short human title. Each feature keeps
 * its own closed enum of codes; the mapper layer turns them into RFC 9457 problem+json.
 */
public interface ErrorCode {

    ProblemType problemType();

    default int status() {
        return problemType().status();
    }

    default String slug() {
        return problemType().slug();
    }

    default String title() {
        return problemType().title();
    }
}
