package dev.vigil.admin;

import static dev.vigil.support.Api.accessToken;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Deny by default, checked against every route the OpenAPI document lists: without a token every
 * protected route is 401 and every public one is not; a user token never reaches an admin route
 * (403); an admin token reaches every route (whatever else it answers, not 401 or 403), except
 * the superusers' own routes, which a superuser's token reaches.
 */
@QuarkusTest
@TestProfile(AdminTestProfile.class)
class AdminAccessTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** Routes of test-only resources (src/test), not part of the application. */
    private static final String TEST_ONLY_PREFIX = "/test-errors";

    @Inject
    DataSource dataSource;

    record Route(String method, String path, boolean secured) {

        boolean admin() {
            return path.startsWith("/api/v1/admin") || path.equals("/api/v1/me/admin-pin");
        }

        /** Only superusers may call it: an admin who is not one gets 403. */
        boolean superuserOnly() {
            return path.startsWith("/api/v1/admin/signing-keys");
        }

        /** Ends the caller's own session(s), so it gets a token of its own. */
        boolean endsSessions() {
            return path.endsWith("/logout") || path.endsWith("/logout-all");
        }

        String concretePath() {
            return path.replaceAll("\\{username}", "nobody-here").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    @Test
    void everyProtectedRouteIs401WithoutAToken() {
        List<Route> routes = routes();
        assertTrue(routes.stream().anyMatch(Route::admin), "the document lists the admin routes");
        for (Route route : routes) {
            Response response = call(given(), route);
            if (route.secured()) {
                Problems.assertUnauthorized(response);
            } else {
                assertTrue(response.statusCode() != 401 && response.statusCode() != 403,
                        "public route " + route + " answered " + response.statusCode());
            }
        }
    }

    @Test
    void userTokensNeverReachAdminRoutes() {
        Admins.Person user = Admins.user(dataSource);
        for (Route route : routes()) {
            String token = route.endsSessions() ? accessToken(user.user()) : user.token();
            Response response = call(given().header("Authorization", "Bearer " + token), route);
            if (route.admin()) {
                Problems.assertProblem(response, 403, "forbidden");
            } else {
                assertTrue(response.statusCode() != 401 && response.statusCode() != 403,
                        route + " answered a user " + response.statusCode());
            }
        }
    }

    @Test
    void adminTokensReachEveryRoute() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person superuser = Admins.superuser(dataSource);
        for (Route route : routes()) {
            String token = route.endsSessions() ? accessToken(admin.user()) : admin.token();
            Response response = call(given().header("Authorization", "Bearer " + token), route);
            if (route.superuserOnly()) {
                Problems.assertProblem(response, 403, "forbidden");
                response = call(given().header("Authorization", "Bearer " + superuser.token()), route);
            }
            assertTrue(response.statusCode() != 401 && response.statusCode() != 403,
                    route + " answered an admin " + response.statusCode() + " " + response.asString());
        }
    }

    @Test
    void adminsGet404ForUnknownUsersOnEveryIdRoute() {
        Admins.Person admin = Admins.admin(dataSource);
        for (Route route : routes()) {
            if (route.path().startsWith("/api/v1/admin/users/{id}")) {
                Response response = call(given().header("Authorization", "Bearer " + admin.token()), route);
                Problems.assertProblem(response, 404, "not-found");
            }
        }
    }

    private static Response call(RequestSpecification request, Route route) {
        RequestSpecification spec = request.redirects().follow(false);
        if (!route.method().equals("get")) {
            spec = spec.contentType(ContentType.JSON).body(bodyFor(route));
        }
        return spec.request(route.method().toUpperCase(), route.concretePath());
    }

    /** A body that passes validation where that is cheap, so admin routes get to their real checks. */
    private static Map<String, Object> bodyFor(Route route) {
        if (route.path().endsWith("/ban")) {
            return Map.of("reason", "route walk");
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Route> routes() {
        Map<String, Object> document = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .extract().as(Map.class);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<Route> routes = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method) && !path.startsWith(TEST_ONLY_PREFIX)) {
                Object security = ((Map<String, Object>) operation).get("security");
                routes.add(new Route(method, path, security != null && !((List<?>) security).isEmpty()));
            }
        }));
        assertEquals(routes.size(), routes.stream().distinct().count());
        // logout-all ends every session of the caller, including the token the walk uses: last.
        routes.sort(Comparator.comparing(Route::endsSessions));
        return routes;
    }
}
