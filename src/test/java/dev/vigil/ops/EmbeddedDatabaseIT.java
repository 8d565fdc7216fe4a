package dev.vigil.ops;

import static dev.vigil.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.support.FreePort;

/**
 * The built jar's own PostgreSQL (no datasource configured), as an operator meets it: durable and
 * reachable only with the generated password, survives a {@code kill -9} of the JVM, and is stopped
 * after the application on a normal stop.
 */
class EmbeddedDatabaseIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final String REGISTER = "{\"username\":\"survivor\",\"email\":\"survivor@example.org\","
            + "\"password\":\"outlives a kill -9\"}";
    private static final String LOGIN = "{\"login\":\"survivor\",\"password\":\"outlives a kill -9\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDatabaseIsDurableAndOnlyReachableWithTheGeneratedPassword(@TempDir Path workDir) throws Exception {
        Path data = workDir.resolve("data/postgres");
        try (Running app = Running.start(workDir)) {
            assertEquals(202, post(app, "/api/v1/auth/register", REGISTER));
            Path passwordFile = data.resolve("vigil-password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            int port = port(data);

            SQLException refused = assertThrows(SQLException.class, () -> connect(port, "postgres").close());
            assertEquals("28P01", refused.getSQLState(), "the old fixed password no longer works");
            assertThrows(SQLException.class, () -> connect(port, null).close());

            try (Connection connection = connect(port, Files.readString(passwordFile).strip())) {
                assertEquals("on", query(connection, "SHOW fsync"));
                assertEquals("on", query(connection, "SHOW synchronous_commit"));
                assertEquals("on", query(connection, "SHOW full_page_writes"));
                assertEquals("32", query(connection, "SHOW max_connections"), "pools (20 + 2) and 10 spare");
                assertEquals("1", query(connection, "SELECT count(*) FROM users WHERE username = 'survivor'"));
            }
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "a normal stop also stops the database");
    }

    @Test
    void afterAKill9TheNextStartStopsTheOrphanedServerAndKeepsTheData(@TempDir Path workDir) throws Exception {
        Path data = workDir.resolve("data/postgres");
        Running first = Running.start(workDir);
        try {
            assertEquals(202, post(first, "/api/v1/auth/register", REGISTER));
            assertEquals(200, post(first, "/api/v1/auth/login", LOGIN));
        } finally {
            first.process().destroyForcibly(); // kill -9: no shutdown hook runs
            first.process().waitFor(60, TimeUnit.SECONDS);
        }
        ProcessHandle orphan = ProcessHandle.of(postmasterPid(data)).orElseThrow();
        assertTrue(orphan.isAlive(), "the killed JVM's PostgreSQL keeps running");

        try (Running second = Running.start(workDir)) {
            assertTrue(second.log().contains("left running on"), second.log());
            eventually("the orphaned server has exited", () -> !orphan.isAlive());
            assertEquals(200, post(second, "/api/v1/auth/login", LOGIN), "the user registered before the kill");
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "stopped with the application");
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    /** The port line of postmaster.pid (the fourth). */
    private static int port(Path data) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
        return Integer.parseInt(lines.get(3).strip());
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private int post(Running app, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** One run of the jar in its own working directory, on free ports, without a datasource. */
    private record Running(Process process, Path logFile, int port) implements AutoCloseable {

        static Running start(Path workDir) throws Exception {
            Path log = Files.createTempFile(workDir.getParent(), "vigil-jar", ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.port=" + FreePort.pick(), "-Dquarkus.management.port=" + FreePort.pick(), "-jar", JAR.toString())
                    .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    return new Running(process, log, Integer.parseInt(listening.group(1)));
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new AssertionError("The jar did not start:\n" + Files.readString(log));
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        /** SIGTERM, as a service manager stops it; waits until the JVM has gone. */
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
