package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Missing or rejected credentials are a 401 problem challenging for a bearer token; a known caller
 * without the role is a 403 problem. Uses the test-only {@link TestBearerMechanism}.
 */
@QuarkusTest
class AuthenticationProblemTest {

    @Test
    void protectedEndpointWithoutCredentialsIsUnauthorized() {
        assertProblem(given().get("/test-errors/me").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void protectedEndpointWithRejectedTokenIsUnauthorized() {
        assertProblem(given().auth().oauth2("forged").get("/test-errors/me").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void rejectedTokenOnAPublicEndpointIsIgnoredUntilIdentityIsNeeded() {
        // Authentication is lazy (quarkus.http.auth.proactive=false): a public endpoint never looks.
        given().auth().oauth2("forged").get("/test-errors/json-only").then().statusCode(200);
    }

    @Test
    void acceptedTokenReachesTheEndpoint() {
        given().auth().oauth2("good").get("/test-errors/me").then().statusCode(200).body(equalTo("me"));
    }

    @Test
    void authenticatedCallerWithoutTheRoleIsForbidden() {
        assertProblem(given().auth().oauth2("good").get("/test-errors/admin").then(), CommonError.FORBIDDEN);
    }

    @Test
    void anonymousCallerOnARoleProtectedEndpointIsUnauthorizedNotForbidden() {
        assertProblem(given().get("/test-errors/admin").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void callerWithTheRoleReachesTheEndpoint() {
        given().auth().oauth2("admin").get("/test-errors/admin").then().statusCode(200).body(equalTo("admin"));
    }

    @Test
    void authenticationFailureInAPlainVertxRouteIsUnauthorized() {
        assertProblem(given().get("/test-routes/unauthorized").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }
}
