package dev.vigil.apikey;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Eventually.eventually;
import static dev.vigil.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.vigil.common.security.RequiresCredentialAccess;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Scopes never widen: a key makes only keys with scopes it holds itself, {@code admin} works only
 * while the owner is an admin, and a key without {@code credentials} changes no credential, whatever
 * else it may do.
 */
@QuarkusTest
class ApiKeyScopesTest {

    private static final String KEYS = "/api/v1/me/api-keys";

    @Inject
    DataSource dataSource;

    /**
     * One credential-changing request: a route and a body that would otherwise pass validation;
     * {@code annotated} when the endpoint carries {@link RequiresCredentialAccess}, false where the
     * code checks it (an endpoint with another security annotation, or one that changes a credential
     * only sometimes).
     */
    record CredentialChange(String method, String path, Map<String, Object> body, boolean annotated) {

        String route() {
            return method + " " + path;
        }
    }

    @Test
    void anAdminsCredentialsKeyCannotMintAnAdminKey() {
        TestUser admin = withRoles("user,admin");
        String token = accessToken(admin);
        String credentialsKey = newKey(token, List.of("credentials"));

        assertProblem(create(credentialsKey, List.of("admin", "credentials")), 403, "forbidden");
        assertProblem(create(credentialsKey, List.of("admin")), 403, "forbidden");
        as(token).get(KEYS).then().body("total_items", equalTo(1));

        // Equal or narrower is fine, and the narrower key still reaches no admin endpoint.
        create(credentialsKey, List.of("credentials")).then().statusCode(201);
        String unscoped = newKey(credentialsKey, List.of());
        assertProblem(as(credentialsKey).get("/api/v1/admin/users"), 403, "forbidden");
        assertProblem(as(unscoped).get("/api/v1/admin/users"), 403, "forbidden");
        assertProblem(create(unscoped, List.of()), 403, "forbidden");
    }

    @Test
    void aKeyWithBothScopesMayPassThemOnAndALoginMayGrantAny() {
        TestUser admin = withRoles("user,admin");
        String token = accessToken(admin);
        String both = newKey(token, List.of("admin", "credentials"));

        String adminOnly = newKey(both, List.of("admin"));
        as(adminOnly).get("/api/v1/admin/users").then().statusCode(200);
        newKey(both, List.of("admin", "credentials"));
    }

    @Test
    void anAdminOnlyKeyChangesNoCredentialAtAll() {
        TestUser admin = withRoles("user,admin");
        String token = accessToken(admin);
        String adminOnly = newKey(token, List.of("admin"));
        as(adminOnly).get("/api/v1/admin/users").then().statusCode(200); // a working admin key

        List<CredentialChange> changes = credentialChanges(admin);
        assertEquals(annotatedRoutes(), new TreeSet<>(changes.stream()
                        .filter(CredentialChange::annotated)
                        .map(CredentialChange::route).toList()),
                "every endpoint marked @RequiresCredentialAccess is walked here");

        for (CredentialChange change : changes) {
            Response response = call(as(adminOnly), change);
            assertEquals(403, response.statusCode(), change.route() + " answered " + response.asString());
            assertProblem(response, 403, "forbidden");
        }

        // Nothing changed: the password, the email, the session, the keys and the PIN are as they were.
        accessToken(admin);
        as(token).get("/api/v1/me").then().statusCode(200).body("email", equalTo(admin.email()));
        as(token).get(KEYS).then().body("total_items", equalTo(1));
        assertEquals(null, Db.single(dataSource, "SELECT admin_pin_hash FROM users WHERE username = ?", admin.username()));
    }

    @Test
    void theAdminScopeEndsWithTheOwnersAdminRole() {
        TestUser superuser = withRoles("user,admin,superuser");
        String superToken = accessToken(superuser);
        TestUser admin = withRoles("user,admin");
        String adminKey = newKey(accessToken(admin), List.of("admin"));
        String adminId = (String) as(adminKey).get("/api/v1/me").then().statusCode(200).extract().path("id");
        as(adminKey).get("/api/v1/admin/users").then().statusCode(200);

        as(superToken).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .patch("/api/v1/admin/users/" + adminId).then().statusCode(200);

        eventually("the demoted owner's admin key loses the role",
                () -> as(adminKey).get("/api/v1/admin/users").statusCode() == 403);
        assertProblem(as(adminKey).get("/api/v1/admin/users"), 403, "forbidden");
        assertProblem(as(adminKey).post("/api/v1/admin/users/" + adminId + "/unlock"), 403, "forbidden");
        as(adminKey).get("/api/v1/me").then().statusCode(200); // still the user's key, just not an admin's
    }

    /** Every request that changes a credential, as the HTTP contract and the code name them. */
    private static List<CredentialChange> credentialChanges(TestUser user) {
        String password = user.password();
        List<CredentialChange> changes = new ArrayList<>();
        changes.add(new CredentialChange("PUT", "/api/v1/me/admin-pin", Map.of("password", password, "pin", "123456"),
                false));
        changes.add(new CredentialChange("DELETE", "/api/v1/me/admin-pin", Map.of("password", password), false));
        changes.add(new CredentialChange("POST", "/api/v1/me/password",
                Map.of("current_password", password, "new_password", "a completely new secret 9"), true));
        changes.add(new CredentialChange("PATCH", "/api/v1/me", Map.of("email", "elsewhere." + user.username()
                + "@example.org"), false));
        changes.add(new CredentialChange("DELETE", "/api/v1/me", Map.of("password", password), true));
        changes.add(new CredentialChange("POST", "/api/v1/auth/logout-all", Map.of(), true));
        changes.add(new CredentialChange("POST", KEYS, Map.of("name", "one more"), true));
        changes.add(new CredentialChange("POST", "/api/v1/me/mfa/totp", Map.of(), true));
        changes.add(new CredentialChange("POST", "/api/v1/me/mfa/totp/confirm", Map.of("code", "123456"), true));
        changes.add(new CredentialChange("DELETE", "/api/v1/me/mfa/totp", Map.of("password", password), true));
        changes.add(new CredentialChange("POST", "/api/v1/admin/service-keys", Map.of("name", "a service"), false));
        changes.add(new CredentialChange("POST", "/api/v1/me/passkeys/options", Map.of(), true));
        changes.add(new CredentialChange("POST", "/api/v1/me/passkeys", Map.of("challenge_id", UUID.randomUUID().toString(),
                "name", "a passkey", "credential", Map.of()), true));
        changes.add(new CredentialChange("DELETE", "/api/v1/me/passkeys/{id}", Map.of(), true));
        return changes;
    }

    /** "METHOD /path" of every resource method that carries {@link RequiresCredentialAccess}. */
    private static TreeSet<String> annotatedRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.vigil")) {
            Class<?> resource = type.reflect();
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : resource.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(RequiresCredentialAccess.class)
                        && !resource.isAnnotationPresent(RequiresCredentialAccess.class)) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String template = base.value() + (sub == null ? "" : sub.value());
                routes.add(httpMethod(method) + " " + withoutVariablePatterns(template));
            }
        }
        assertTrue(routes.size() >= 7, "found the marked endpoints: " + routes);
        return routes;
    }

    /** {@code /x/{id: [0-9a-f]{8}...}} as {@code /x/{id}}: a variable's own pattern may hold braces too. */
    private static String withoutVariablePatterns(String template) {
        return template.replaceAll("\\{\\s*(\\w+)\\s*:(?:[^{}]|\\{[^{}]*})*}", "{$1}");
    }

    private static String httpMethod(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        throw new AssertionError(method + " has no HTTP method");
    }

    private TestUser withRoles(String roles) {
        TestUser user = registered();
        Db.update(dataSource, "UPDATE users SET roles = ?, email_verified = true WHERE username = ?", roles,
                user.username());
        return user;
    }

    private static Response call(RequestSpecification request, CredentialChange change) {
        String path = change.path().replace("{id}", UUID.randomUUID().toString());
        return request.contentType(ContentType.JSON).body(change.body()).request(change.method(), path);
    }

    private static Response create(String credential, List<String> scopes) {
        return as(credential).contentType(ContentType.JSON)
                .body(Map.of("name", "key " + UUID.randomUUID(), "scopes", scopes))
                .post(KEYS);
    }

    private static String newKey(String credential, List<String> scopes) {
        return create(credential, scopes).then().statusCode(201).extract().path("key");
    }
}
