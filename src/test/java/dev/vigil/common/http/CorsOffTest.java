package dev.vigil.common.http;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** With {@code vigil.cors.origins} unset (the default), no origin may call the API from a browser. */
@QuarkusTest
class CorsOffTest {

    @Test
    void noOriginIsAllowedByDefault() {
        assertProblem(given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/auth/login"), 403, "forbidden")
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:3000").get("/api/v1/auth/username-available?username=cors-off")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
