package dev.vigil.auth;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The test client (127.0.0.1) is a trusted proxy, so a test chooses the client address of each
 * request with {@code X-Forwarded-For}, as a reverse proxy in front of Vigil would set it. Throttles
 * stay off (as in every other test), so only the lockout decides.
 */
public class ForwardedClients implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
    }
}
