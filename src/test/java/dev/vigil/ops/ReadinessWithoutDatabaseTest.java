package dev.vigil.ops;

import static dev.vigil.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Runs against its own PostgreSQL, which it stops: readiness must go DOWN, liveness stay UP. */
@QuarkusTest
@TestProfile(ReadinessWithoutDatabaseTest.OwnDatabase.class)
@QuarkusTestResource(value = DedicatedPostgres.class, restrictToAnnotatedClass = true)
class ReadinessWithoutDatabaseTest {

    public static class OwnDatabase implements QuarkusTestProfile {
    }

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void readinessGoesDownWhenTheDatabaseIsUnreachable() {
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        DedicatedPostgres.stopNow();

        management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // An outage to wait out, not a bug: 503 with Retry-After, never 500.
        given().get("/api/v1/auth/username-available?username=during-outage").then().statusCode(503)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .header("Retry-After", equalTo("5"))
                .body("type", equalTo("https://vigil.dev/problems/service-unavailable"));
    }

    @Test
    void aConfiguredDatasourceIsUsedInsteadOfTheEmbeddedOne() {
        assertEquals("jdbc:postgresql://localhost:" + DedicatedPostgres.port() + "/postgres", jdbcUrl);
    }
}
