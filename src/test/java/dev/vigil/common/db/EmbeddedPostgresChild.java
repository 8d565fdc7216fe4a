package dev.vigil.common.db;

import java.nio.file.Path;

/**
 * A JVM that runs an embedded server and nothing else, for tests that kill it: starts the server on
 * the data directory given as the first argument, prints {@code READY <port>} and waits to be killed.
 */
public final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.persistent(Path.of(args[0]), new EmbeddedPostgres.Settings(true, 32));
        EmbeddedPostgres.Server server = postgres.start();
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
