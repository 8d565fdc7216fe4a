package dev.vigil.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A port that was free a moment ago, for a packaged app started as its own process. Such an app
 * gets fixed ports for both its API and its management interface rather than port 0: with port 0
 * Quarkus 3.34's HTTP metrics tag neither server with its port, so the second server's
 * {@code http.server.active.connections} gauge collides with the first one's and Micrometer warns,
 * at a moment that depends on thread timing (and with one port fixed and one 0 the tag sets differ
 * and the HTTP server does not start at all).
 */
public final class FreePort {

    private FreePort() {
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
