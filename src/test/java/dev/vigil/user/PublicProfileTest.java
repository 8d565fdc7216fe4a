package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class PublicProfileTest {

    @Test
    void anyoneCanSeeUsernameDisplayNameAndSinceWhenWithoutAToken() {
        TestUser user = registered();
        String token = accessToken(user);
        Api.as(token).contentType(ContentType.JSON).body("{\"display_name\": \"Grace Hopper\", \"phone\": \"+14155550123\"}")
                .patch("/api/v1/me").then().statusCode(200);
        JsonPath me = Api.as(token).get("/api/v1/me").then().statusCode(200).extract().jsonPath();

        Response response = given().get("/api/v1/users/" + user.username());

        response.then().statusCode(200);
        JsonPath profile = response.jsonPath();
        assertEquals(Set.of("username", "display_name", "created_at"), profile.getMap("").keySet());
        assertEquals(user.username(), profile.getString("username"));
        assertEquals("Grace Hopper", profile.getString("display_name"));
        assertEquals(Instant.parse(me.getString("created_at")), Instant.parse(profile.getString("created_at")));
    }

    @Test
    void publicProfileRevealsNothingThatReachesOrIdentifiesTheUser() {
        TestUser user = registered();
        String token = accessToken(user);
        Api.as(token).contentType(ContentType.JSON).body("{\"phone\": \"+14155550123\"}")
                .patch("/api/v1/me").then().statusCode(200);
        String id = Api.as(token).get("/api/v1/me").then().statusCode(200).extract().path("id");

        String body = given().get("/api/v1/users/" + user.username()).then().statusCode(200).extract().asString();

        String lower = body.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains(user.email().toLowerCase(Locale.ROOT)), body);
        assertFalse(lower.contains("email"), body);
        assertFalse(body.contains(id), body);
        assertFalse(body.contains("+14155550123"), body);
        assertFalse(lower.contains("account"), body);
        assertFalse(lower.contains("roles"), body);
    }

    @Test
    void userWithoutADisplayNameShowsNull() {
        TestUser user = registered();

        JsonPath profile = given().get("/api/v1/users/" + user.username()).then().statusCode(200).extract().jsonPath();

        assertTrue(profile.getMap("").containsKey("display_name"));
        assertNull(profile.get("display_name"));
    }

    @Test
    void unknownUsernameIs404() {
        assertProblem(given().get("/api/v1/users/" + newUser().username()), 404, "not-found");
    }
}
