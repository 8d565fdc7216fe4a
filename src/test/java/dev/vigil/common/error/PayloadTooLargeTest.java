package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Bodies over {@code quarkus.http.limits.max-body-size} (64 KiB) get a 413 problem, however they are sent. */
@QuarkusTest
class PayloadTooLargeTest {

    private static final int LIMIT = 64 * 1024;

    @TestHTTPResource("/test-errors/body")
    URI bodyUri;

    @Test
    void bodyOverTheLimitWithContentLengthIsPayloadTooLarge() {
        assertProblem(given().contentType(ContentType.JSON).body(json(70 * 1024)).post("/test-errors/body").then(),
                CommonError.PAYLOAD_TOO_LARGE)
                .body("detail", equalTo("The request body must not exceed 64 KiB"));
    }

    @Test
    void bodyOverTheLimitToAnUnknownPathIsStillPayloadTooLarge() {
        assertProblem(given().contentType(ContentType.JSON).body(json(70 * 1024)).post("/nope").then(),
                CommonError.PAYLOAD_TOO_LARGE);
    }

    @Test
    void chunkedBodyOverTheLimitIsPayloadTooLarge() throws Exception {
        HttpResponse<String> response = postChunked(json(70 * 1024));

        assertThat(response.statusCode(), equalTo(413));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/problem+json"));
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getString("type"), equalTo("https://vigil.dev/problems/payload-too-large"));
        assertThat(problem.getString("title"), equalTo(CommonError.PAYLOAD_TOO_LARGE.title()));
        assertThat(problem.getInt("status"), equalTo(413));
    }

    @Test
    void chunkedBodyWithinTheLimitIsProcessed() throws Exception {
        HttpResponse<String> response = postChunked("{\"email\": \"a@example.com\", \"display_name\": \"Chunky\"}");

        assertThat(response.statusCode(), equalTo(200));
        assertThat(JsonPath.from(response.body()).getString("display_name"), equalTo("Chunky"));
    }

    @Test
    void bodyExactlyAtTheLimitIsAccepted() {
        given().contentType(ContentType.JSON)
                .body(json(LIMIT))
                .post("/test-errors/body")
                .then()
                .statusCode(200);
    }

    /** A valid request body of exactly {@code size} bytes. */
    private static String json(int size) {
        String prefix = "{\"email\": \"a@example.com\", \"display_name\": \"";
        String suffix = "\"}";
        return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

    /** Posts with {@code Transfer-Encoding: chunked}: a stream body has no length to declare. */
    private HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(bodyUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
