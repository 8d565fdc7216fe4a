package dev.vigil.common.error;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import io.quarkus.test.junit.QuarkusTest;

/** {@code Allow}, in an OPTIONS answer and in a 405, lists exactly the methods routed at the path. */
@QuarkusTest
class AllowedMethodsTest {

    private static final String ME = "DELETE, GET, HEAD, OPTIONS, PATCH";

    @Test
    void optionsListsOnlyTheMethodsOfThatPath() {
        given().options("/api/v1/me")
                .then().statusCode(204)
                .header("Allow", equalTo(ME));
        given().options("/api/v1/me/password")
                .then().statusCode(204)
                .header("Allow", equalTo("OPTIONS, POST"));
    }

    @Test
    void methodNotAllowedCarriesTheSameAllow() {
        assertProblem(given().post("/api/v1/me"), 405, "method-not-allowed")
                .header("Allow", equalTo(ME));
    }

    @Test
    void everyAdvertisedMethodIsRouted() {
        String token = Api.accessToken(Api.registered());
        as(token).head("/api/v1/me").then().statusCode(200);
        as(token).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void optionsOnAPathWithAParameterMatchesTheTemplate() {
        given().options("/api/v1/users/someone")
                .then().statusCode(204)
                .header("Allow", equalTo("GET, HEAD, OPTIONS"));
    }
}
