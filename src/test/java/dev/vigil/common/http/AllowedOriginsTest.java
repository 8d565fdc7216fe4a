package dev.vigil.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    @Test
    void noConfiguredOriginAllowsNone() {
        AllowedOrigins none = AllowedOrigins.parse(List.of());
        assertTrue(none.isEmpty());
        assertFalse(none.allows("https://app.example.org"));
        assertFalse(none.allows("null"));
    }

    @Test
    void anExactOriginAllowsOnlyItselfWhateverTheCase() {
        AllowedOrigins origins = AllowedOrigins.parse(List.of(" https://App.Example.org ", ""));
        assertTrue(origins.allows("https://app.example.org"));
        assertTrue(origins.allows("HTTPS://APP.EXAMPLE.ORG"));
        assertTrue(origins.allows("https://app.example.org:443"), "the default port is the same origin");
        assertFalse(origins.allows("http://app.example.org"), "another scheme");
        assertFalse(origins.allows("https://app.example.org:8443"), "another port");
        assertFalse(origins.allows("https://app.example.org.evil.example"));
        assertFalse(origins.allows("https://evil.example/https://app.example.org"));
        assertFalse(origins.allows("null"));
    }

    @Test
    void anyPortEntryAllowsThatSchemeAndHostOnEveryPort() {
        AllowedOrigins origins = AllowedOrigins.parse(List.of("http://localhost:*"));
        assertTrue(origins.allows("http://localhost:3000"));
        assertTrue(origins.allows("http://localhost:5173"));
        assertTrue(origins.allows("http://localhost"));
        assertFalse(origins.allows("https://localhost:3000"), "another scheme");
        assertFalse(origins.allows("http://localhost.evil.example:3000"));
        assertFalse(origins.allows("http://127.0.0.1:3000"), "another host");
    }

    @Test
    void entriesThatAreNotOriginsStopTheStart() {
        for (String entry : List.of("*", "app.example.org", "https://app.example.org/path", "https://*.example.org",
                "ftp://files.example.org", "https://user@app.example.org", "https://app.example.org:8443:*")) {
            assertThrows(IllegalArgumentException.class, () -> AllowedOrigins.parse(List.of(entry)), entry);
        }
    }
}
