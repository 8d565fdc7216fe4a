package dev.vigil.notify.sms;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.vigil.support.InjectWireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fake Twilio API on a free port (WireMock). Points {@code vigil.sms.twilio.base-url} at itself and
 * hands the server to the test's {@link InjectWireMock} field, so tests stub answers and check what
 * Vigil sent.
 */
public class FakeTwilio implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return Map.of("vigil.sms.twilio.base-url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
