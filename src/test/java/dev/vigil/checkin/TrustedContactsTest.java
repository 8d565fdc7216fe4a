package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The people told when a switch releases an account. */
@QuarkusTest
class TrustedContactsTest {

    @Test
    void addedContactsAreListedPagedAndCanBeRemoved() {
        String token = accessToken(verified());
        JsonPath added = addContact(token, Map.of("name", "Ada", "email", "ada@example.net", "message", "Water the plants"))
                .then().statusCode(201)
                .extract().jsonPath();
        addContact(token, Map.of("name", "Bob", "phone", "+4915112345678")).then().statusCode(201);

        JsonPath page = as(token).get("/api/v1/me/trusted-contacts?page=0&size=1").then().statusCode(200)
                .extract().jsonPath();

        assertEquals(2, page.getInt("total_items"));
        assertEquals(2, page.getInt("total_pages"));
        assertEquals("Ada", page.getString("items[0].name"));
        assertEquals("Water the plants", page.getString("items[0].message"));
        as(token).delete("/api/v1/me/trusted-contacts/" + added.getString("id")).then().statusCode(204);
        assertEquals(1, as(token).get("/api/v1/me/trusted-contacts").then().statusCode(200)
                .extract().jsonPath().getInt("total_items"));
    }

    @Test
    void anEleventhContactIsRefusedAsLimitReached() {
        String token = accessToken(verified());
        for (int i = 0; i < 10; i++) {
            addContact(token, Map.of("name", "Friend " + i, "email", "friend" + i + "@example.net"))
                    .then().statusCode(201);
        }

        assertProblem(addContact(token, Map.of("name", "One too many", "email", "late@example.net")), 409,
                "limit-reached");
    }

    @Test
    void aContactNeedsAnEmailOrAPhoneAndValidValues() {
        String token = accessToken(verified());

        assertInvalidField(addContact(token, Map.of("name", "Nobody")), "email");
        assertInvalidField(addContact(token, Map.of("name", "Bad", "email", "not-an-address")), "email");
        assertInvalidField(addContact(token, Map.of("name", "Bad", "phone", "0151 123")), "phone");
        assertInvalidField(addContact(token, Map.of("email", "x@example.net")), "name");
        assertProblem(as(token).get("/api/v1/me/trusted-contacts?size=101"), 400, "validation-failed");
    }

    @Test
    void anotherUsersContactIsNotFound() {
        String owner = accessToken(verified());
        String id = addContact(owner, Map.of("name", "Ada", "email", "ada@example.net"))
                .then().statusCode(201)
                .extract().path("id");
        String stranger = accessToken(verified());

        assertProblem(as(stranger).delete("/api/v1/me/trusted-contacts/" + id), 404, "not-found");
        assertProblem(as(stranger).delete("/api/v1/me/trusted-contacts/not-a-uuid"), 404, "not-found");
        assertEquals(1, as(owner).get("/api/v1/me/trusted-contacts").then().extract().jsonPath().getInt("total_items"));
    }
}
