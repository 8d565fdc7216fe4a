package dev.vigil.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of its own for tests that take the database away. Configuring its URL also
 * proves that a configured datasource is used instead of the zero-setup embedded one.
 */
public class DedicatedPostgres implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;

    @Override
    public Map<String, String> start() {
        try {
            server = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = server.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    static int port() {
        return server.getPort();
    }

    /** Stops the server while the application keeps running. */
    static void stopNow() {
        stop(server);
    }

    @Override
    public void stop() {
        stop(server);
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
