package dev.vigil.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the management interface, where health and metrics live: a port of its own, not the
 * API port that {@code given()} reaches. Tests run it on a random port
 * ({@code %test.quarkus.management.test-port=0}); Quarkus reports the one it got.
 */
public final class Management {

    /**
     * Set by {@link ManagementPort} for packaged-app tests, which run the app in another process: the
     * log in which that app names its management port. A system property, as the resource and the
     * test may see different copies of this class.
     */
    static final String PACKAGED_APP_LOG = "vigil.test.packaged-app-log";

    private static final Pattern LISTENING = Pattern.compile("Management interface listening on https?://[^:\\s]+:(\\d+)");

    private Management() {
    }

    /** {@code given()}, aimed at the management interface. */
    public static RequestSpecification management() {
        return given().port(port());
    }

    /** The port the management interface of the application under test listens on. */
    public static int port() {
        String packagedAppLog = System.getProperty(PACKAGED_APP_LOG);
        if (packagedAppLog != null) {
            return portIn(Path.of(packagedAppLog));
        }
        int port = URI.create(TestHTTPResourceManager.getManagementUri()).getPort();
        if (port <= 0) {
            throw new IllegalStateException("The management interface has not reported its port yet");
        }
        return port;
    }

    /** The packaged app has started (Quarkus waited for it), so its start-up line is in the log. */
    private static int portIn(Path log) {
        try {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (!listening.find()) {
                throw new IllegalStateException("No management port in " + log);
            }
            return Integer.parseInt(listening.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
