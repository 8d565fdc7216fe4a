package dev.vigil.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources every @QuarkusTest gets: the real SMTP server and made-up webhook secrets. */
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(WebhookSecretsResource.class)
public final class TestResources {

    private TestResources() {
    }
}
