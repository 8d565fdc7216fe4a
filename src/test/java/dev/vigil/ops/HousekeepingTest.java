package dev.vigil.ops;

import static dev.vigil.support.Api.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.auth.SessionHousekeeping;
import dev.vigil.common.db.Housekeeping;
import dev.vigil.common.token.TokenHousekeeping;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Housekeeping forgets what nothing can use any more, and keeps everything else. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    SessionHousekeeping sessions;

    @Inject
    TokenHousekeeping tokens;

    @Inject
    Housekeeping housekeeping;

    @Test
    void endedSessionsAndOldSpentRefreshTokensGoLiveOnesStay() throws Throwable {
        UUID user = userId(registered());
        Instant now = clock.instant();
        UUID revokedLongAgo = session(user, now.plus(Duration.ofDays(20)), now.minus(Duration.ofDays(2)));
        UUID expiredLongAgo = session(user, now.minus(Duration.ofDays(2)), null);
        UUID revokedJustNow = session(user, now.plus(Duration.ofDays(20)), now.minus(Duration.ofHours(1)));
        UUID live = session(user, now.plus(Duration.ofDays(20)), null);
        byte[] oldSpent = spent(live, now.minus(Duration.ofDays(31)));
        byte[] recentSpent = spent(live, now.minus(Duration.ofDays(1)));

        long removed = VertxContextSupport.subscribeAndAwait(() -> sessions.prune());

        assertTrue(removed >= 3, "removed " + removed);
        assertEquals(List.of(revokedJustNow, live).stream().sorted().toList(), sessionsOf(user).stream().sorted().toList());
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM spent_refresh_tokens WHERE token_hash = ?", oldSpent));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM spent_refresh_tokens WHERE token_hash = ?", recentSpent));
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM sessions WHERE id IN (?, ?)", revokedLongAgo,
                expiredLongAgo));
    }

    @Test
    void usedAndExpiredLinkTokensGoADayLater() throws Throwable {
        UUID user = userId(registered());
        Instant now = clock.instant();
        byte[] expired = linkToken(user, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), null);
        byte[] used = linkToken(user, now.minus(Duration.ofDays(3)), now.plus(Duration.ofDays(1)), now.minus(Duration.ofDays(2)));
        byte[] usedToday = linkToken(user, now.minus(Duration.ofHours(3)), now.plus(Duration.ofDays(1)), now.minus(Duration.ofHours(1)));
        byte[] open = linkToken(user, now.minus(Duration.ofHours(3)), now.plus(Duration.ofDays(1)), null);

        VertxContextSupport.subscribeAndAwait(() -> tokens.prune());

        assertEquals(0L, count("one_time_tokens", "token_hash", expired) + count("one_time_tokens", "token_hash", used));
        assertEquals(2L, count("one_time_tokens", "token_hash", usedToday) + count("one_time_tokens", "token_hash", open));
    }

    @Test
    void quotaCountersOfEndedWindowsAndEventsPastTheirRetentionGo() throws Throwable {
        UUID subject = UUID.randomUUID();
        Instant now = clock.instant();
        Db.update(dataSource, "INSERT INTO quota_counters (subject_id, window_seconds, window_start, requests) VALUES"
                + " (?, 86400, ?, 5), (?, 3600, ?, 7)", subject, ts(now.minus(Duration.ofDays(3))), subject,
                ts(now.minus(Duration.ofHours(1))));
        UUID user = userId(registered());
        UUID ancient = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Db.update(dataSource, "INSERT INTO security_events (id, type, user_id, outcome, at) VALUES"
                + " (?, 'login.failed', ?, 'failure', ?), (?, 'login.failed', ?, 'failure', ?)",
                ancient, user, ts(now.minus(Duration.ofDays(401))), recent, user, ts(now.minus(Duration.ofDays(399))));

        // Through the scheduled runner, which runs every feature's task.
        VertxContextSupport.subscribeAndAwait(() -> housekeeping.run());

        assertEquals(List.of(7L), Db.query(dataSource, "SELECT requests FROM quota_counters WHERE subject_id = ?", subject)
                .stream().map(row -> ((Number) row.get("requests")).longValue()).toList());
        assertEquals(0L, count("security_events", "id", ancient));
        assertEquals(1L, count("security_events", "id", recent));
    }

    private UUID userId(TestUser user) {
        return (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username());
    }

    private UUID session(UUID user, Instant expiresAt, Instant revokedAt) {
        UUID id = UUID.randomUUID();
        Instant created = clock.instant().minus(Duration.ofDays(3));
        Db.update(dataSource, "INSERT INTO sessions (id, user_id, refresh_token_hash, created_at, last_used_at, expires_at,"
                + " revoked_at, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, user, random(), ts(created), ts(created),
                ts(expiresAt), revokedAt == null ? null : ts(revokedAt), revokedAt == null ? null : "logout");
        return id;
    }

    private byte[] spent(UUID session, Instant at) {
        byte[] hash = random();
        Db.update(dataSource, "INSERT INTO spent_refresh_tokens (token_hash, session_id, spent_at) VALUES (?, ?, ?)", hash,
                session, ts(at));
        return hash;
    }

    private byte[] linkToken(UUID user, Instant created, Instant expires, Instant used) {
        byte[] hash = random();
        Db.update(dataSource, "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at, used_at)"
                + " VALUES (?, 'reset-password', ?, ?, ?, ?)", hash, user, ts(created), ts(expires), used == null ? null : ts(used));
        return hash;
    }

    private List<UUID> sessionsOf(UUID user) {
        return Db.query(dataSource, "SELECT id FROM sessions WHERE user_id = ?", user).stream()
                .map(row -> (UUID) row.get("id")).toList();
    }

    private long count(String table, String column, Object value) {
        return (Long) Db.single(dataSource, "SELECT count(*) FROM " + table + " WHERE " + column + " = ?", value);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
