package dev.vigil.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources every @QuarkusTest gets: the real SMTP server. */
@QuarkusTestResource(GreenMailResource.class)
public final class TestResources {

    private TestResources() {
    }
}
