package dev.vigil.checkin;

import static dev.vigil.support.Api.as;

import java.util.Map;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The check-in endpoints, called as a client would. */
final class CheckInSupport {

    private CheckInSupport() {
    }

    static Response put(String accessToken, Map<String, Object> body) {
        return as(accessToken).contentType(ContentType.JSON).body(body).put("/api/v1/me/check-in");
    }

    static JsonPath enable(TestUser user, String interval) {
        return put(Api.accessToken(user), Map.of("enabled", true, "interval", interval))
                .then().statusCode(200)
                .extract().jsonPath();
    }

    static JsonPath state(TestUser user) {
        return as(Api.accessToken(user)).get("/api/v1/me/check-in")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    static Response checkIn(TestUser user) {
        return as(Api.accessToken(user)).post("/api/v1/me/check-in");
    }

    static Response addContact(String accessToken, Map<String, Object> body) {
        return as(accessToken).contentType(ContentType.JSON).body(body).post("/api/v1/me/trusted-contacts");
    }

    /** One scan, run on a Vert.x context as the scheduler runs it. */
    static CheckInScanner.ScanResult scan(CheckInScanner scanner) {
        try {
            return VertxContextSupport.subscribeAndAwait(scanner::scan);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    static void patchMe(TestUser user, String json) {
        as(Api.accessToken(user)).contentType(ContentType.JSON).body(json).patch("/api/v1/me")
                .then().statusCode(200);
    }
}
