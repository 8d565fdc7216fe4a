package dev.vigil.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The session endpoints, called as a client would; each returns the raw response to assert on. */
public final class Sessions {

    private Sessions() {
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken))
                .post("/api/v1/auth/refresh");
    }

    public static Response logout(String accessToken) {
        return Api.as(accessToken).post("/api/v1/auth/logout");
    }

    public static Response logoutAll(String accessToken) {
        return Api.as(accessToken).post("/api/v1/auth/logout-all");
    }

    public static Response me(String accessToken) {
        return Api.as(accessToken).get("/api/v1/me");
    }

    /** The user id behind a working access token. */
    public static String userId(String accessToken) {
        return me(accessToken).then().statusCode(200).extract().path("id");
    }
}
