package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every admin write, as the OpenAPI document lists them, refuses an admin who has a PIN and does
 * not send it (403 {@code admin-pin-required}), and lets the same admin through with it; reads never
 * need it. The walk takes new endpoints along by itself.
 */
@QuarkusTest
@TestProfile(AdminTestProfile.class)
class AdminWritesNeedThePinTest {

    private static final String PIN = "640218";
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    /** The admin writes the HTTP contract names; the walk must find at least these. */
    private static final Set<String> NAMED = Set.of(
            "patch /api/v1/admin/users/{id}",
            "post /api/v1/admin/users/{id}/ban",
            "post /api/v1/admin/users/{id}/unban",
            "post /api/v1/admin/users/{id}/unlock",
            "post /api/v1/admin/users/{id}/reauthorize",
            "delete /api/v1/admin/users/{id}",
            "post /api/v1/admin/invites",
            "post /api/v1/admin/service-keys",
            "delete /api/v1/admin/service-keys/{id}",
            "post /api/v1/admin/outbox/{id}/retry");

    @Inject
    DataSource dataSource;

    record Operation(String method, String path, List<String> headerParameters) {

        String concretePath() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyAdminWriteIs403WithoutThePinAndGetsThroughWithIt() {
        List<Operation> writes = adminOperations().stream().filter(op -> WRITES.contains(op.method())).toList();
        assertTrue(writes.stream().map(Operation::toString).toList().containsAll(NAMED),
                "the document lists every admin write: " + writes);

        for (Operation write : writes) {
            // A superuser with a PIN of their own, fresh for each write so that no lock carries over.
            Admins.Person superuser = Admins.superuser(dataSource);
            setPin(superuser);

            assertProblem(call(as(superuser.token()), write), 403, "admin-pin-required");
            assertProblem(call(as(superuser.token()).header("X-Admin-Pin", "000000"), write), 403, "admin-pin-required");
            Response withPin = call(as(superuser.token()).header("X-Admin-Pin", PIN), write);
            assertNotEquals(403, withPin.statusCode(), write + " with the PIN: " + withPin.asString());
            assertNotEquals(401, withPin.statusCode(), write + " with the PIN: " + withPin.asString());

            assertTrue(write.headerParameters().contains("X-Admin-Pin"), write + " documents the X-Admin-Pin header");
        }
    }

    @Test
    void adminReadsNeverNeedThePin() {
        Admins.Person admin = Admins.admin(dataSource);
        setPin(admin);
        List<Operation> reads = adminOperations().stream().filter(op -> op.method().equals("get")).toList();
        assertTrue(reads.size() >= 4, "users, one user, security events, outbox, service keys: " + reads);

        for (Operation read : reads) {
            Response response = call(as(admin.token()), read);
            assertTrue(response.statusCode() == 200 || response.statusCode() == 404, read + ": " + response.asString());
        }
        assertEquals(0, Db.single(dataSource, "SELECT admin_pin_failures FROM users WHERE id = ?", admin.id()),
                "reads are not attempts");
    }

    @Test
    void anAdminWithoutAPinNeedsNone() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);

        as(admin.token()).post("/api/v1/admin/users/" + target.id() + "/unlock").then().statusCode(204);
        as(admin.token()).header("X-Admin-Pin", "123456").post("/api/v1/admin/users/" + target.id() + "/unlock")
                .then().statusCode(204);
    }

    private static void setPin(Admins.Person person) {
        as(person.token()).contentType(ContentType.JSON)
                .body(Map.of("password", person.user().password(), "pin", PIN))
                .put("/api/v1/me/admin-pin")
                .then().statusCode(204);
    }

    private static Response call(RequestSpecification request, Operation operation) {
        RequestSpecification spec = request.redirects().follow(false);
        if (!operation.method().equals("get")) {
            spec = spec.contentType(ContentType.JSON).body(bodyFor(operation));
        }
        return spec.request(operation.method().toUpperCase(), operation.concretePath());
    }

    /** Bodies that pass validation, so that "got through" means the endpoint did its work or found nothing. */
    private static Map<String, Object> bodyFor(Operation operation) {
        if (operation.path().endsWith("/ban")) {
            return Map.of("reason", "route walk");
        }
        if (operation.path().endsWith("/invites")) {
            return Map.of("email", "invited." + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
        }
        if (operation.path().endsWith("/service-keys")) {
            return Map.of("name", "route walk");
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> adminOperations() {
        Map<String, Object> document = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .extract().as(Map.class);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, byMethod) -> byMethod.forEach((method, operation) -> {
            if (path.startsWith("/api/v1/admin/") && (WRITES.contains(method) || method.equals("get"))) {
                List<Map<String, Object>> parameters = (List<Map<String, Object>>) ((Map<String, Object>) operation)
                        .getOrDefault("parameters", List.of());
                List<String> headers = parameters.stream()
                        .filter(parameter -> "header".equals(parameter.get("in")))
                        .map(parameter -> (String) parameter.get("name"))
                        .toList();
                operations.add(new Operation(method, path, headers));
            }
        }));
        return operations;
    }
}
