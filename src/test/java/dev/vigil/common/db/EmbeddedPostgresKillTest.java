package dev.vigil.common.db;

import static dev.vigil.common.db.EmbeddedPostgresTest.connect;
import static dev.vigil.common.db.EmbeddedPostgresTest.query;
import static dev.vigil.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with {@code kill -9} never stops its embedded server: the postmaster keeps running on
 * the data directory. The next start must detect that orphan, stop it and start with the data intact
 * (before, it failed with {@code lock file "postmaster.pid" already exists}).
 */
class EmbeddedPostgresKillTest {

    @Test
    void theServerOfAKilledJvmIsStoppedAndTheNextStartKeepsTheData(@TempDir Path work) throws Exception {
        Path data = work.resolve("postgres");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(),
                data.toString())
                .redirectErrorStream(true).start();
        int port;
        try {
            port = readyPort(child);
            String password = Files.readString(data.resolve(EmbeddedPostgres.PASSWORD_FILE)).strip();
            try (Connection connection = connect(port, password); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('committed before the kill')");
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor(60, TimeUnit.SECONDS);
        }
        long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertTrue(orphan.isAlive(), "the killed JVM's postmaster is still running");

        EmbeddedPostgres postgres = EmbeddedPostgres.persistent(data, new EmbeddedPostgres.Settings(true, 32));
        EmbeddedPostgres.Server server = postgres.start();
        try {
            eventually("the orphan has exited", () -> !orphan.isAlive());
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            assertTrue(pid != orphanPid, "a new postmaster");
            try (Connection connection = connect(server.port(), server.password())) {
                assertEquals("committed before the kill", query(connection, "SELECT note FROM kept"));
            }
        } finally {
            postgres.stop();
        }
    }

    /** The child's {@code READY <port>} line; everything it printed if it ended first. */
    private static int readyPort(Process child) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder printed = new StringBuilder();
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("READY ")) {
                        return Integer.parseInt(line.substring(6).strip());
                    }
                    printed.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                printed.append(e);
            }
            throw new IllegalStateException("The child JVM ended before its server was ready:\n" + printed);
        });
        return ready.get(3, TimeUnit.MINUTES);
    }
}
