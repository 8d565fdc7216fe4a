package dev.vigil.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Swagger UI runs only its own code, talks only to Vigil, and no cache keeps a copy. */
@QuarkusTest
class SwaggerUiTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", Pattern.DOTALL);

    @Test
    void everyFileOfTheUiIsNotStoredAndCarriesThePolicy() {
        for (String path : new String[] { "/q/swagger-ui/", "/q/swagger-ui/swagger-ui-bundle.js", "/q/swagger-ui/swagger-ui.css" }) {
            given().get(path).then().statusCode(200)
                    .header("Cache-Control", equalTo("no-store"))
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        }
    }

    @Test
    void thePolicyAllowsExactlyThePagesOwnInlineScripts() {
        Response page = given().get("/q/swagger-ui/");
        String scriptSources = directive(page.header("Content-Security-Policy"), "script-src");
        assertFalse(scriptSources.contains("'unsafe-inline'"), scriptSources);

        List<String> missing = new ArrayList<>();
        Matcher inline = INLINE_SCRIPT.matcher(page.asString());
        int scripts = 0;
        while (inline.find()) {
            scripts++;
            String hash = "'sha256-" + sha256(inline.group(1)) + "'";
            if (!scriptSources.contains(hash)) {
                missing.add(hash);
            }
        }
        assertTrue(scripts > 0, "the page configures Swagger UI in an inline script");
        assertTrue(missing.isEmpty(), "Swagger UI's inline scripts changed; put these hashes in "
                + "quarkus.http.filter.swagger-ui.header.\"Content-Security-Policy\": " + missing);
    }

    private static String directive(String policy, String name) {
        for (String directive : policy.split(";")) {
            String trimmed = directive.trim();
            if (trimmed.startsWith(name + " ")) {
                return trimmed;
            }
        }
        throw new AssertionError("no " + name + " in " + policy);
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
