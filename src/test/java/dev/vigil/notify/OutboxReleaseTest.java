package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * At shutdown a dispatcher gives back exactly the messages it claimed and did not finish, so they go
 * out at once from another instance instead of waiting for their lease to run out.
 */
@QuarkusTest
class OutboxReleaseTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;
    @Inject
    OutboxQueue queue;
    @Inject
    @Any
    Instance<OutboxJob> jobs;

    @Test
    void releaseGivesBackOnlyTheNamedClaimedMessages() {
        UUID ours = insert("sending");
        UUID another = insert("sending");
        UUID alreadySent = insert("sent");

        int released = queue.releaseBlocking(List.of(ours, alreadySent), later(), 2);

        assertEquals(1, released);
        assertEquals("pending", status(ours));
        assertNull(Db.single(dataSource, "SELECT lease_until FROM outbox WHERE id = ?", ours));
        assertEquals("sending", status(another), "a message claimed by another dispatcher stays theirs");
        assertEquals("sent", status(alreadySent));
    }

    @Test
    void dispatcherReleasesWhatItClaimedAndDidNotFinish() {
        OutboxDispatcher dispatcher = new OutboxDispatcher(queue, null, null, null, null, null, null, null,
                Clock.fixed(later(), ZoneOffset.UTC), null, null, null, null, jobs, "http://localhost:8080", "http://localhost:8080");
        UUID claimed = insert("sending");
        UUID notOurs = insert("sending");
        dispatcher.track(Set.of(claimed));

        assertEquals(1, dispatcher.releaseClaimed());
        assertEquals("pending", status(claimed));
        assertEquals("sending", status(notOurs));
        assertEquals(0, dispatcher.releaseClaimed(), "nothing is released twice");
    }

    /** A message no running dispatcher will touch: far in the future if pending, leased for an hour if sending. */
    /** Released messages fall due at this instant: a day ahead, so the running dispatcher leaves them be. */
    private Instant later() {
        return clock.instant().plus(Duration.ofDays(1));
    }

    private UUID insert(String status) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, next_attempt_at,"
                + " created_at, updated_at, idempotency_key, lease_until, sent_at) VALUES (?, 'mail', 'profile-changed',"
                + " 'release@example.org', '{}'::jsonb, ?, ?, ?, ?, ?, ?, ?)",
                id, status, later(), now, now, id.toString(), "sending".equals(status) ? now.plus(Duration.ofHours(1)) : null,
                "sent".equals(status) ? now : null);
        return id;
    }

    private String status(UUID id) {
        return (String) Db.single(dataSource, "SELECT status FROM outbox WHERE id = ?", id);
    }
}
