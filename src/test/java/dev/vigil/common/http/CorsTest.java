package dev.vigil.common.http;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A web app on an origin in {@code vigil.cors.origins} may call the API; no other origin may read it. */
@QuarkusTest
@TestProfile(CorsTest.TwoOrigins.class)
class CorsTest {

    static final String APP = "https://app.example.org";
    static final String STRANGER = "https://evil.example";

    public static class TwoOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.cors.origins", APP + ",http://localhost:*");
        }
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        preflight(APP, "POST", "content-type").options("/api/v1/auth/login").then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Max-Age", equalTo("600"))
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Vary", containsString("Origin"));
    }

    @Test
    void aPreflightFromAnyOtherOriginIsRefused() {
        for (String origin : new String[] { STRANGER, "http://app.example.org", "https://app.example.org.evil.example", "null" }) {
            assertProblem(preflight(origin, "POST", "content-type").options("/api/v1/auth/login"), 403, "forbidden")
                    .header("Access-Control-Allow-Origin", nullValue());
        }
    }

    @Test
    void anyPortOfLocalhostIsAllowedForLocalDevelopment() {
        preflight("http://localhost:5173", "GET", "authorization").options("/api/v1/me").then()
                .statusCode(204).header("Access-Control-Allow-Origin", equalTo("http://localhost:5173"));
        assertProblem(preflight("https://localhost:5173", "GET", "authorization").options("/api/v1/me"), 403, "forbidden");
    }

    @Test
    void aRealRequestFromAnAllowedOriginCarriesTheHeadersEvenWhenItFails() {
        given().header("Origin", APP).contentType(ContentType.JSON)
                .body(Map.of("login", "nobody-here", "password", "not the right one at all"))
                .post("/api/v1/auth/login").then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("Vary", containsString("Origin"));
        given().header("Origin", APP).get("/api/v1/auth/username-available?username=cors-probe").then()
                .statusCode(200).header("Access-Control-Allow-Origin", equalTo(APP));
    }

    @Test
    void aRealRequestFromAnotherOriginIsServedButNotSharedWithThatPage() {
        given().header("Origin", STRANGER).get("/api/v1/auth/username-available?username=cors-probe").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Expose-Headers", nullValue());
    }

    @Test
    void requestsWithoutAnOriginAreUntouched() {
        given().get("/api/v1/auth/username-available?username=cors-probe").then()
                .statusCode(200).header("Access-Control-Allow-Origin", nullValue()).header("Vary", nullValue());
    }

    private static RequestSpecification preflight(String origin, String method, String headers) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers);
    }
}
