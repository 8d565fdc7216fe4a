package dev.vigil.admin;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One profile for the admin tests (so they share one application start): an admin webhook receiver
 * that nobody listens on, so its calls stay in the outbox where tests read them.
 */
public class AdminTestProfile implements QuarkusTestProfile {

    static final String WEBHOOK_URL = "http://127.0.0.1:9/admin-hook";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vigil.admin-webhook.url", WEBHOOK_URL);
    }
}
