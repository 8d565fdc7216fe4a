package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Eventually.eventually;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The cross-instance guarantee: a revocation committed anywhere reaches every instance
 * through the database channel, and only committed revocations do. A second
 * {@link RevocationListener} on the same database plays the other instance; direct SQL plays an
 * instance that revokes.
 */
@QuarkusTest
class RevocationBroadcastTest {

    /** Tells the test's own listener connection apart from the application's in pg_stat_activity. */
    private static final String OTHER_INSTANCE = "vigil-test-other-instance";

    @Inject
    RevokedSessions revokedSessions;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    DataSource dataSource;

    private final Queue<UUID> announced = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean otherInstanceListening = new AtomicBoolean();
    private RevocationListener otherInstance;

    @BeforeEach
    void listenLikeAnotherInstance() {
        PgConnectOptions options = revokedSessions.connectOptions();
        options.addProperty("application_name", OTHER_INSTANCE);
        otherInstance = new RevocationListener(vertx, options, announced::add,
                () -> otherInstanceListening.set(true), () -> otherInstanceListening.set(false));
        otherInstance.start();
        eventually("the other instance listens for revocations", otherInstanceListening::get);
    }

    @AfterEach
    void stopListening() {
        otherInstance.close();
    }

    @Test
    void logoutIsAnnouncedToOtherInstancesWithExactlyThatSession() {
        TestUser user = registered();
        JsonPath leaving = login(user);
        JsonPath staying = login(user);
        UUID left = UUID.fromString(leaving.getString("session_id"));
        UUID stayed = UUID.fromString(staying.getString("session_id"));

        logout(leaving.getString("access_token")).then().statusCode(204);

        eventually("the other instance hears of session " + left, () -> announced.contains(left));
        awaitEverythingAnnouncedSoFar();
        assertEquals(List.of(left), announced.stream().filter(Set.of(left, stayed)::contains).toList());
        me(staying.getString("access_token")).then().statusCode(200);
    }

    /**
     * Instead of waiting some time for an announcement that should not come, the test commits a
     * marker announcement after the rollback: PostgreSQL delivers notifications in commit order, so
     * once the marker is in, anything the rolled-back transaction had sent would be in too.
     */
    @Test
    void revocationRolledBackAnnouncesNothingAndTheSessionGoesOn() throws SQLException {
        JsonPath pair = login(registered());
        UUID sessionId = UUID.fromString(pair.getString("session_id"));

        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            revokeAndAnnounce(connection, sessionId);
            connection.rollback();
        }

        awaitEverythingAnnouncedSoFar();
        assertFalse(announced.contains(sessionId), "a rolled-back revocation was announced");
        me(pair.getString("access_token")).then().statusCode(200);
        refresh(pair.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void revocationCommittedByAnotherInstanceIsRefusedHere() throws SQLException {
        JsonPath pair = login(registered());
        UUID sessionId = UUID.fromString(pair.getString("session_id"));
        me(pair.getString("access_token")).then().statusCode(200);

        revokeElsewhere(sessionId);

        eventually("this instance refuses the revoked session's token",
                () -> me(pair.getString("access_token")).statusCode() == 401);
        assertUnauthorized(me(pair.getString("access_token")));
        assertTrue(announced.contains(sessionId), "the revocation was announced on the channel");
    }

    /**
     * While the application's listener is disconnected it cannot hear revocations, so it must ask
     * the database instead of trusting its in-memory set, and pick the channel up again afterwards.
     */
    @Test
    void whileTheListenerIsDownRevocationsAreCheckedInTheDatabase() throws SQLException {
        TestUser user = registered();
        JsonPath during = login(user);
        JsonPath after = login(user);
        UUID duringOutage = UUID.fromString(during.getString("session_id"));
        UUID afterOutage = UUID.fromString(after.getString("session_id"));
        eventually("the application listens for revocations", revokedSessions::isListening);

        dropApplicationListenerConnection();
        eventually("the application notices that it lost the channel", () -> !revokedSessions.isListening());
        revokeElsewhere(duringOutage);

        assertUnauthorized(me(during.getString("access_token")));

        eventually("the application listens again", revokedSessions::isListening);
        me(after.getString("access_token")).then().statusCode(200);
        revokeElsewhere(afterOutage);
        eventually("revocations reach the application again",
                () -> me(after.getString("access_token")).statusCode() == 401);
    }

    /**
     * An instance whose listener could not connect at first must keep trying, or it would check
     * every request in the database for as long as it runs. The role that cannot log in yet plays a
     * database that is not reachable yet.
     */
    @Test
    void listenerThatCouldNotConnectAtFirstKeepsTrying() {
        String role = "vigil_late_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Db.update(dataSource, "CREATE ROLE " + role + " NOLOGIN PASSWORD 'late listener'");
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean subscribed = new AtomicBoolean();
        PgConnectOptions options = revokedSessions.connectOptions().setUser(role).setPassword("late listener");
        RevocationListener late = new RevocationListener(vertx, options, id -> {
        }, () -> subscribed.set(true), failures::incrementAndGet);
        try {
            late.start();
            eventually("the first attempt fails", () -> failures.get() > 0);

            Db.update(dataSource, "ALTER ROLE " + role + " LOGIN");

            eventually("a later attempt subscribes", subscribed::get);
        } finally {
            late.close();
            Db.query(dataSource, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?", role);
            Db.update(dataSource, "DROP ROLE " + role);
        }
    }

    /** What another instance's revocation does: one committed transaction that revokes and announces. */
    private void revokeElsewhere(UUID sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            revokeAndAnnounce(connection, sessionId);
            connection.commit();
        }
    }

    private void revokeAndAnnounce(Connection connection, UUID sessionId) throws SQLException {
        try (PreparedStatement revoke = connection.prepareStatement(
                "UPDATE sessions SET revoked_at = ?, revoke_reason = 'admin' WHERE id = ? AND revoked_at IS NULL");
                PreparedStatement announce = connection.prepareStatement(
                        "SELECT pg_notify('" + RevocationListener.CHANNEL + "', id::text) FROM sessions WHERE id = ?")) {
            revoke.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            revoke.setObject(2, sessionId);
            assertEquals(1, revoke.executeUpdate());
            announce.setObject(1, sessionId);
            announce.executeQuery().close();
        }
    }

    /** Commits a marker announcement and waits for it: everything committed before it has arrived too. */
    private void awaitEverythingAnnouncedSoFar() {
        UUID marker = UUID.randomUUID();
        Db.query(dataSource, "SELECT pg_notify('" + RevocationListener.CHANNEL + "', ?)", marker.toString());
        eventually("the marker announcement arrives", () -> announced.contains(marker));
    }

    private void dropApplicationListenerConnection() {
        List<?> terminated = Db.query(dataSource, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE query LIKE 'LISTEN%' AND query LIKE '%' || ? || '%' AND application_name <> ?
                AND pid <> pg_backend_pid()""", RevocationListener.CHANNEL, OTHER_INSTANCE);
        assertEquals(1, terminated.size(), "the application has one revocation listener connection");
    }
}
