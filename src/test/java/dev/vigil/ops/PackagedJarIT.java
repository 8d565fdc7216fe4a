package dev.vigil.ops;

import static dev.vigil.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.vigil.support.FreePort;

/**
 * The built jar, started as an operator would: {@code java -jar quarkus-run.jar} with no
 * configuration keeps its data between runs in an embedded PostgreSQL; with a datasource
 * configured it uses that database and starts no embedded server.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Pattern MANAGEMENT = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)");
    private static final String EMBEDDED_STARTED = "started embedded PostgreSQL";
    private static final String NO_SECRET_KEY = "vigil.secret-key is not set";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutConfigurationTheJarKeepsUsersAndKeysBetweenRuns(@TempDir Path workDir) throws Exception {
        String kid;
        try (Running app = Running.start(workDir)) {
            assertTrue(app.log().contains(EMBEDDED_STARTED));
            assertEquals(202, post(app, "/api/v1/auth/register",
                    "{\"username\":\"persisted\",\"email\":\"persisted@example.org\",\"password\":\"kept between the runs\"}"));
            assertEquals(200, post(app, "/api/v1/auth/login", "{\"login\":\"persisted\",\"password\":\"kept between the runs\"}"));
            kid = get(app, "/.well-known/jwks.json");
            assertEquals(200, status(app.managementUri("/q/health/ready")), "health on the management port");
            assertEquals(200, status(app.managementUri("/q/metrics")), "metrics on the management port");
            assertEquals(404, status(app.uri("/q/metrics")), "no metrics on the API port");
            assertFalse(app.log().contains(NO_SECRET_KEY), "the embedded database gets a generated key");
        }
        assertTrue(Files.isDirectory(workDir.resolve("data/postgres")), "data directory under the working directory");
        Path keyFile = workDir.resolve("data/vigil-secret-key");
        assertTrue(Files.exists(keyFile), "the secret key is generated beside the data directory");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        try (Running again = Running.start(workDir)) {
            assertEquals(200, post(again, "/api/v1/auth/login", "{\"login\":\"persisted\",\"password\":\"kept between the runs\"}"));
            assertEquals(List.of(), startUp(again.log()).filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList(),
                    "a normal start logs no warning");
            assertEquals(kid, get(again, "/.well-known/jwks.json"), "the signing key is the stored one, opened with the kept secret key");
        }

        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        String refused = Running.failToStart(workDir, "-Dvigil.secret-key=" + Base64.getEncoder().encodeToString(otherKey));
        assertTrue(refused.contains("vigil.secret-key") && refused.contains("another"),
                "another secret key stops the start, saying so:\n" + refused);
    }

    @Test
    void withADatasourceTheJarUsesItAndStartsNoEmbeddedServer(@TempDir Path workDir) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            int port = database.getPort();
            try (Running app = Running.start(workDir,
                    "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + port + "/postgres",
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + port + "/postgres",
                    "-Dquarkus.datasource.username=postgres",
                    "-Dquarkus.datasource.password=postgres")) {
                assertEquals(202, post(app, "/api/v1/auth/register",
                        "{\"username\":\"external\",\"email\":\"external@example.org\",\"password\":\"lives in their database\"}"));
                assertFalse(app.log().contains(EMBEDDED_STARTED));
                assertTrue(app.log().contains(NO_SECRET_KEY), "an external database without a key is warned about");
            }
            try (var connection = database.getPostgresDatabase().getConnection();
                    var rows = connection.createStatement().executeQuery("SELECT count(*) FROM users WHERE username = 'external'")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the user was stored in the configured database");
            }
        }
        assertFalse(Files.exists(workDir.resolve("data")), "no embedded data directory was created");
    }

    @Test
    void withJsonLogsEveryLineIsJsonAndCarriesTheRequestId(@TempDir Path workDir) throws Exception {
        try (Running app = Running.start(workDir, "-Dquarkus.log.console.json.enabled=true")) {
            HttpRequest wrongPassword = HttpRequest.newBuilder(app.uri("/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "json-log-check")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"nobody\",\"password\":\"not a real password\"}"))
                    .build();
            assertEquals(401, http.send(wrongPassword, HttpResponse.BodyHandlers.discarding()).statusCode());

            ObjectMapper json = new ObjectMapper();
            // The app is another process, so its log is waited for (bounded), not driven by a clock.
            eventually("the app logged an audit line", Duration.ofSeconds(60), () -> app.logUnchecked().contains("vigil.audit"));
            JsonNode audit = null;
            for (String line : app.log().lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode entry = json.readTree(line);
                assertTrue(entry.hasNonNull("message") && entry.hasNonNull("level"), line);
                if ("vigil.audit".equals(entry.path("loggerName").asText())) {
                    audit = entry;
                }
            }
            assertTrue(audit != null, "an audit line was logged:\n" + app.log());
            assertTrue(audit.path("message").asText().startsWith("event=login.failed "), audit.toString());
            assertEquals("json-log-check", audit.path("mdc").path("request_id").asText(), audit.toString());
        }
    }

    private int post(Running app, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(app.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int status(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(Running app, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /**
     * The log lines up to Quarkus's "started in" line. What comes later is the running app's own
     * business: here, the retries of the first run's mails, which no SMTP server takes.
     */
    private static Stream<String> startUp(String log) {
        List<String> lines = log.lines().toList();
        int started = 0;
        while (started < lines.size() && !lines.get(started).contains(" started in ")) {
            started++;
        }
        return lines.subList(0, Math.min(started + 1, lines.size())).stream();
    }

    /** One run of the jar in its own working directory, on free ports (API and management). */
    private record Running(Process process, Path logFile, int port, int managementPort) implements AutoCloseable {

        static Running start(Path workDir, String... systemProperties) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Dquarkus.http.port=" + FreePort.pick());
            command.add("-Dquarkus.management.port=" + FreePort.pick());
            command.addAll(List.of(systemProperties));
            command.add("-jar");
            command.add(JAR.toString());
            Path log = Files.createTempFile(workDir.getParent(), "vigil-jar", ".log");
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(180)); // a busy 2-core machine is slow
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                String output = Files.readString(log);
                Matcher listening = LISTENING.matcher(output);
                Matcher management = MANAGEMENT.matcher(output);
                if (listening.find() && management.find()) {
                    return new Running(process, log, Integer.parseInt(listening.group(1)),
                            Integer.parseInt(management.group(1)));
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new AssertionError("The jar did not start:\n" + Files.readString(log));
        }

        /** Runs the jar expecting it to stop by itself without ever listening; its log. */
        static String failToStart(Path workDir, String... systemProperties) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Dquarkus.http.port=" + FreePort.pick());
            command.add("-Dquarkus.management.port=" + FreePort.pick());
            command.addAll(List.of(systemProperties));
            command.add("-jar");
            command.add(JAR.toString());
            Path log = Files.createTempFile(workDir.getParent(), "vigil-jar", ".log");
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("The jar kept running:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertFalse(LISTENING.matcher(output).find(), output);
            return output;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        URI managementUri(String path) {
            return URI.create("http://localhost:" + managementPort + path);
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        /** {@link #log()} for a condition that is polled. */
        String logUnchecked() {
            try {
                return log();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
