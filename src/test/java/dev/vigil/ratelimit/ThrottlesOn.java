package dev.vigil.ratelimit;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Throttles on, with limits small enough to reach in a test: per period (logins a minute, the rest an
 * hour) 6 logins per IP and 3 per login, 4 registrations per IP and 2 per address, 4 mail requests per
 * IP and 2 per target.
 */
public class ThrottlesOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "vigil.rate-limit.enabled", "true",
                "vigil.rate-limit.login.per-ip", "6",
                "vigil.rate-limit.login.per-login", "3",
                "vigil.rate-limit.registration.per-ip", "4",
                "vigil.rate-limit.registration.per-email", "2",
                "vigil.rate-limit.mail.per-ip", "4",
                "vigil.rate-limit.mail.per-target", "2");
    }
}
