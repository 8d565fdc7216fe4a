package dev.vigil.ops;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code quarkus.swagger-ui.enabled=false} takes the UI away at run time; the document stays. */
@QuarkusTest
@TestProfile(SwaggerUiOffTest.SwaggerUiOff.class)
class SwaggerUiOffTest {

    public static class SwaggerUiOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.swagger-ui.enabled", "false");
        }
    }

    @Test
    void theUiIsGoneAndTheDocumentStays() {
        for (String path : new String[] { "/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/swagger-ui-bundle.js" }) {
            assertProblem(given().get(path), 404, "not-found");
        }
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi:"));
    }
}
