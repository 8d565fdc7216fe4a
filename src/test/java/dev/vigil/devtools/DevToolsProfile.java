package dev.vigil.devtools;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The dev tools on, and {@code vigil.frontend-url} where dev mode puts it (the dev welcome page), as
 * {@code %dev} in {@code application.properties} has them. Mail still goes to the test SMTP server:
 * the dev mail page lists what the mailer sent, whether to a server or to its mock mailbox.
 */
public class DevToolsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vigil.dev-tools.enabled", "true",
                "vigil.frontend-url", "${vigil.public-url}/dev");
    }
}
