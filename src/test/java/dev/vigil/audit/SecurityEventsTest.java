package dev.vigil.audit;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class SecurityEventsTest {

    @Test
    void aUserSeesTheirLoginsNewestFirstWithWhereTheyCameFrom() {
        TestUser user = registered();
        given().contentType(ContentType.JSON).header("User-Agent", "curious-client/1.0")
                .body(Map.of("login", user.username(), "password", "not the password at all"))
                .post("/api/v1/auth/login")
                .then().statusCode(401);
        String token = accessToken(user);

        JsonPath page = as(token).get("/api/v1/me/security-events").then().statusCode(200).extract().jsonPath();
        assertEquals(2, page.getInt("total_items"));
        assertEquals(List.of("login.succeeded", "login.failed"), page.getList("items.type"));
        assertEquals("curious-client/1.0", page.getString("items[1].user_agent"));
        assertEquals("wrong-password", page.getString("items[1].detail.reason"));
        assertEquals("127.0.0.1", page.getString("items[0].ip"));
    }

    @Test
    void eventsArePaged() {
        TestUser user = registered();
        String token = accessToken(user);
        accessToken(user);
        accessToken(user);

        as(token).queryParam("page", 1).queryParam("size", 2).get("/api/v1/me/security-events")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("page", equalTo(1))
                .body("size", equalTo(2))
                .body("total_items", equalTo(3))
                .body("total_pages", equalTo(2));
    }

    @Test
    void aPageSizeOutOfRangeIsRefused() {
        String token = accessToken(registered());
        Problems.assertInvalidField(as(token).queryParam("size", 101).get("/api/v1/me/security-events"), "size");
        Problems.assertInvalidField(as(token).queryParam("page", -1).get("/api/v1/me/security-events"), "page");
    }

    @Test
    void anotherUsersEventsStayHidden() {
        TestUser first = registered();
        accessToken(first);
        String second = accessToken(registered());
        as(second).get("/api/v1/me/security-events").then().statusCode(200)
                .body("total_items", equalTo(1));
    }

    @Test
    void withoutATokenTheTrailIsClosed() {
        given().get("/api/v1/me/security-events").then().statusCode(401);
    }
}
