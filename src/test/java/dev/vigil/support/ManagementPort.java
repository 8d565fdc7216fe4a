package dev.vigil.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusIntegrationTest}: Quarkus starts the packaged app on a random HTTP port but
 * leaves its management interface on the configured one (9000), where parallel runs would collide.
 * This puts it on a random port too and tells {@link Management} to read the port the app reports in
 * its log. (Both ports random, or both fixed: with one of each, Quarkus 3.34's HTTP metrics register
 * one meter with two different tag sets and the HTTP server does not start.)
 */
public class ManagementPort implements QuarkusTestResourceLifecycleManager {

    /** Where {@code @QuarkusIntegrationTest} writes the packaged app's log. */
    private static final String PACKAGED_APP_LOG = "target/quarkus.log";

    @Override
    public Map<String, String> start() {
        System.setProperty(Management.PACKAGED_APP_LOG, PACKAGED_APP_LOG);
        return Map.of("quarkus.management.port", "0");
    }

    @Override
    public void stop() {
        System.clearProperty(Management.PACKAGED_APP_LOG);
    }
}
