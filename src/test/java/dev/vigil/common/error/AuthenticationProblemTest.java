package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Missing or rejected credentials are a 401 problem challenging for a bearer token; a known caller
 * without the role is a 403 problem. Uses real access tokens from the login endpoint.
 */
@QuarkusTest
class AuthenticationProblemTest {

    @Inject
    DataSource dataSource;

    private static String userToken() {
        return Api.accessToken(Api.registered());
    }

    private String adminToken() {
        TestUser admin = Api.registered();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", admin.username());
        return Api.accessToken(admin);
    }

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
        given().auth().oauth2(userToken()).get("/test-errors/me").then().statusCode(200).body(equalTo("me"));
    }

    @Test
    void authenticatedCallerWithoutTheRoleIsForbidden() {
        assertProblem(given().auth().oauth2(userToken()).get("/test-errors/admin").then(), CommonError.FORBIDDEN);
    }

    @Test
    void anonymousCallerOnARoleProtectedEndpointIsUnauthorizedNotForbidden() {
        assertProblem(given().get("/test-errors/admin").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void callerWithTheRoleReachesTheEndpoint() {
        given().auth().oauth2(adminToken()).get("/test-errors/admin").then().statusCode(200).body(equalTo("admin"));
    }

    @Test
    void authenticationFailureInAPlainVertxRouteIsUnauthorized() {
        assertProblem(given().get("/test-routes/unauthorized").then(), CommonError.UNAUTHORIZED)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }
}
