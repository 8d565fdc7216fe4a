package dev.vigil.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.paging.PageParams;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** What administrators may see and do with the outbox: list it by status, and retry a dead message. */
@ApplicationScoped
public class OutboxAdminService {

    static final List<String> STATUSES = List.of("pending", "sending", "sent", "dead");

    private final OutboxRepository outbox;
    private final OutboxDispatcher dispatcher;
    private final Clock clock;

    public OutboxAdminService(OutboxRepository outbox, OutboxDispatcher dispatcher, Clock clock) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** One message as administrators see it: where it goes and how it fared, not its contents. */
    public record OutboxEntry(UUID id, String kind, String template, String recipient,
            @Schema(nullable = true) UUID userId, String status, int attempts, Instant nextAttemptAt, Instant createdAt,
            @Schema(nullable = true) Instant sentAt, @Schema(nullable = true) String lastError) {

        static OutboxEntry of(OutboxMessage message) {
            return new OutboxEntry(message.id, message.kind, message.template, message.recipient, message.userId,
                    message.status, message.attempts, message.nextAttemptAt, message.createdAt, message.sentAt,
                    message.lastError);
        }
    }

    /** A page of messages, newest first, optionally of one status. */
    @WithSession
    public Uni<dev.vigil.common.paging.Page<OutboxEntry>> list(String status, PageParams params) {
        if (status != null && !STATUSES.contains(status)) {
            return Uni.createFrom().failure(VigilException.invalidField("status", "must be one of: " + String.join(", ", STATUSES)));
        }
        var query = status == null
                ? outbox.findAll(Sort.descending("createdAt"))
                : outbox.find("status", Sort.descending("createdAt"), status);
        var paged = query.page(Page.of(params.page, params.size));
        return Uni.combine().all().unis(paged.list(), paged.count()).asTuple()
                .map(result -> dev.vigil.common.paging.Page.of(result.getItem1().stream().map(OutboxEntry::of).toList(),
                        params, result.getItem2()));
    }

    /** Gives a dead message a fresh set of attempts, now. */
    public Uni<Void> retry(UUID id) {
        return retryInTransaction(id).invoke(dispatcher::wake);
    }

    /** The row is read locked: a retry and a dispatcher or a second retry never interleave. */
    @WithTransaction
    Uni<Void> retryInTransaction(UUID id) {
        return outbox.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .invoke(message -> {
                    if (message == null) {
                        throw new VigilException(CommonError.NOT_FOUND, "No such message");
                    }
                    if (!"dead".equals(message.status)) {
                        throw new VigilException(NotifyError.NOT_DEAD, "Only dead messages can be retried");
                    }
                    Instant now = clock.instant();
                    message.status = "pending";
                    message.attempts = 0;
                    message.nextAttemptAt = now;
                    message.lastError = null;
                    message.updatedAt = now;
                })
                .replaceWithVoid();
    }
}
