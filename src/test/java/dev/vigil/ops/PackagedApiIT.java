package dev.vigil.ops;

import static dev.vigil.support.Management.management;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.vigil.support.ManagementPort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The packaged application (prod profile) through its main path. Besides checking the artifact,
 * these runs train the JDK 25 AOT cache under {@code -Paot}.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ManagementPort.class, restrictToAnnotatedClass = true)
class PackagedApiIT {

    @Test
    void packagedAppRegistersLogsInAndServesMe() {
        String name = "it" + UUID.randomUUID().toString().substring(0, 8);
        String password = "packaged and running";
        given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "email", name + "@example.org", "password", password))
                .post("/api/v1/auth/register").then().statusCode(202);
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("login", name, "password", password))
                .post("/api/v1/auth/login").then().statusCode(200)
                .body("refresh_token", notNullValue())
                .extract().path("access_token");
        given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200)
                .body("username", equalTo(name));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/metrics").then().statusCode(200);
        assertProblem(given().get("/q/health/ready"), 404, "not-found");
    }
}
