package dev.vigil.common.http;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Clients that hang up mid-request: the request's work still runs to its end, so no transaction is
 * left open, nothing is half-written, and the log stays quiet — a client that disconnects on
 * purpose, again and again, must not be able to flood the log with ERRORs.
 */
@QuarkusTest
class CancelledRequestsTest {

    private static final int ROUNDS = 5;
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 25;

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    private final Logger root = Logger.getLogger("");
    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void captureLog() {
        root.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        root.removeHandler(capture);
    }

    @Test
    void profileEditsCutOffByTheClientCompleteQuietly() throws Exception {
        TestUser user = verified();
        String token = accessToken(user);
        Set<String> sent = new HashSet<>();

        for (int round = 0; round < ROUNDS; round++) {
            List<String> names = IntStream.range(0, CLIENTS * REQUESTS_PER_CLIENT)
                    .mapToObj(i -> "Cut " + i + " of " + System.nanoTime()).toList();
            sent.addAll(names);
            hangUpAfterSending(names.stream().map(name -> patchMe(token, name)).toList());

            String stored = waitForQuiet(token);
            assertTrue(sent.contains(stored) || stored == null, "a name that was sent, whole: " + stored);
            // Work that outlived its client may still be finishing; a transaction left open would stay.
            eventually("no transaction left open", () -> (long) Db.single(dataSource, "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE state LIKE 'idle in transaction%'") == 0L);
        }
        assertEquals(List.of(), capture.appErrors(), "no ERROR from requests the client abandoned");
    }

    /**
     * Logins (hashing on the worker pool, then a transaction) and refresh rotations (one statement,
     * then the signature) abandoned right after sending, several rounds: every abandoned login still
     * starts its session, no transaction stays open, and nothing is logged as an ERROR.
     */
    @Test
    void loginsAndRefreshesCutOffByTheClientCompleteQuietly() throws Exception {
        TestUser user = verified();
        for (int round = 0; round < 3; round++) {
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < CLIENTS * 3; i++) {
                requests.add(post("/api/v1/auth/login", "{\"login\": \"" + user.username() + "\", \"password\": \""
                        + user.password() + "\"}"));
                requests.add(post("/api/v1/auth/refresh", "{\"refresh_token\": \""
                        + login(user).getString("refresh_token") + "\"}"));
            }

            hangUpAfterSending(requests);

            eventually("no login or rotation is still running", () -> (long) Db.single(dataSource,
                    "SELECT count(*) FROM pg_stat_activity WHERE state <> 'idle' AND query ILIKE '%sessions%'"
                            + " AND pid <> pg_backend_pid()") == 0L);
            eventually("no transaction left open", () -> (long) Db.single(dataSource, "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE state LIKE 'idle in transaction%'") == 0L);
        }
        // Each round: as many abandoned logins as logins made here for the refresh tokens. An abandoned
        // login still hashes on the worker pool after its client left, so its session may come late.
        long expected = 3L * CLIENTS * 3 * 2;
        eventually("every abandoned login started its session", Duration.ofSeconds(60), () -> (long) Db.single(dataSource,
                "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ?",
                user.username()) == expected);
        assertEquals(List.of(), capture.appErrors(), "no ERROR from logins or refreshes the client abandoned");
    }

    private String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n"
                + body;
    }

    /** Sends each raw request on its own connection from several threads, and closes it at once. */
    private void hangUpAfterSending(List<String> requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (String request : requests) {
                sends.add(clients.submit(() -> {
                    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                        socket.setSoLinger(true, 0); // a reset, as a client that goes away does
                        OutputStream out = socket.getOutputStream();
                        out.write(request.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until the abandoned requests are done (the user's row takes a write again); the stored name. */
    private String waitForQuiet(String token) {
        eventually("the abandoned requests finished", () -> as(token)
                .contentType("application/json").body("{\"timezone\": \"UTC\"}").patch("/api/v1/me").statusCode() == 200
                && (long) Db.single(dataSource, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query ILIKE 'update users%'") == 0L);
        return as(token).get("/api/v1/me").then().statusCode(200).extract().path("display_name");
    }

    private String patchMe(String token, String name) {
        String body = "{\"display_name\": \"" + name + "\"}";
        return "PATCH /api/v1/me HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n"
                + body;
    }
}
