package dev.vigil.common.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Every answer names its request, so a client's report can be found in the server's logs. */
@QuarkusTest
class RequestIdTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void notFoundProblemCarriesTheRequestIdOfTheHeader() {
        Response response = given().get("/nope");

        String header = response.header("X-Request-Id");
        assertTrue(header.matches(UUID_PATTERN), header);
        assertEquals(header, response.jsonPath().getString("request_id"));
    }

    @Test
    void problemFromAResourceCarriesTheRequestId() {
        Response response = given().header("X-Request-Id", "client-abc.123")
                .contentType(ContentType.JSON)
                .body(Map.of("login", "nobody-" + System.nanoTime(), "password", "wrong password here"))
                .post("/api/v1/auth/login");

        assertEquals(401, response.statusCode());
        assertEquals("client-abc.123", response.header("X-Request-Id"));
        assertEquals("client-abc.123", response.jsonPath().getString("request_id"));
    }

    @Test
    void logLinesWrittenWhileHandlingTheRequestCarryItsId() {
        List<String> idsInMdc = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                idsInMdc.add(String.valueOf(((ExtLogRecord) record).getMdc(RequestIds.MDC_KEY)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger errors = Logger.getLogger("dev.vigil.common.error");
        errors.addHandler(capture);
        try {
            given().header("X-Request-Id", "trace-in-logs-1").get("/test-errors/boom").then().statusCode(500);
        } finally {
            errors.removeHandler(capture);
        }

        assertEquals(List.of("trace-in-logs-1"), idsInMdc);
    }

    @Test
    void validSuppliedIdIsEchoed() {
        given().header("X-Request-Id", "Trace_42-x.y").get("/.well-known/jwks.json")
                .then().statusCode(200).header("X-Request-Id", "Trace_42-x.y");
    }

    @Test
    void invalidSuppliedIdIsReplaced() {
        String tooLong = "a".repeat(65);
        for (String offered : new String[] { "has space", "semi;colon", tooLong, "" }) {
            Response response = given().header("X-Request-Id", offered).get("/api/v1/nope");

            String id = response.header("X-Request-Id");
            assertNotEquals(offered, id);
            assertTrue(id.matches(UUID_PATTERN), id);
            assertEquals(id, response.jsonPath().getString("request_id"));
        }
    }
}
