package dev.vigil.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of its own for tests that take the database away. Configuring its URL also
 * proves that a configured datasource is used instead of the zero-setup embedded one.
 *
 * <p>The server can be stopped, killed like a crash ({@code SIGKILL} to the postmaster and every
 * backend at once), started again on the same port and data directory (crash recovery included),
 * and given SQL as the superuser (to make it read-only, for instance).
 */
public class DedicatedPostgres implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;
    private static Path dataDirectory;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            port = 0;
            dataDirectory = Files.createTempDirectory("vigil-dedicated-pg");
            server = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        return port > 0 ? builder.setPort(port) : builder;
    }

    static int port() {
        return server.getPort();
    }

    /** Stops the server while the application keeps running. */
    static void stopNow() {
        stop(server);
    }

    /**
     * A crash: SIGKILL to the postmaster and all its processes at once, so that open connections
     * break mid-way and nothing is shut down cleanly.
     */
    static void killNow() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow();
            List<ProcessHandle> all = Stream.concat(Stream.of(process), process.descendants()).toList();
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle handle : all) {
                handle.onExit().join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The killed server's handle only still holds the data directory's lock: let it go.
        try {
            server.close();
        } catch (IOException | RuntimeException expected) {
            // pg_ctl stop finds no server: that is the point
        }
    }

    /** Starts the server again on the same port and data directory (after a crash: with recovery). */
    static void startAgain() {
        try {
            server = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements as the superuser, each on its own (ALTER SYSTEM may not run in a transaction). */
    static void superuser(String... statements) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        stop(server);
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
