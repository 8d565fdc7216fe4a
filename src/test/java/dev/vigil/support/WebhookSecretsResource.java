package dev.vigil.support;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Webhook secrets for tests, made up at start so that none is ever written down. */
public class WebhookSecretsResource implements QuarkusTestResourceLifecycleManager {

    private static final String RELEASE = "whsec-release-" + UUID.randomUUID();
    private static final String ADMIN = "whsec-admin-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        return Map.of("vigil.release.webhook-secret", RELEASE, "vigil.admin-webhook.secret", ADMIN);
    }

    @Override
    public void stop() {
    }

    public static String release() {
        return RELEASE;
    }
}
