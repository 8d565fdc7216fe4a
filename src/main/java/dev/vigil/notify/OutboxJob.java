package dev.vigil.notify;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * Work that a request hands to the outbox instead of doing it itself, so that the request does the
 * same thing whatever the answer to a question it must not reveal ("is there an account for this
 * address?"). The request queues one job with {@link NotificationService#queueJob}; the dispatcher
 * runs it later, retrying a failure like any other message. A job that queues mail joins the outbox
 * itself, so nothing is lost between the two.
 */
public interface OutboxJob {

    /** The name stored with the job; unique among the jobs. */
    String name();

    /** Does the work, in a transaction of its own. {@code input} is what the request queued. */
    Uni<Void> run(Map<String, Object> input);
}
