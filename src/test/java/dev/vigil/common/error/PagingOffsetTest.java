package dev.vigil.common.error;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertInvalidField;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/** A page whose offset ({@code page × size}) passes 2^31 − 1 is 400 on {@code page}; one just below is an empty page. */
@QuarkusTest
class PagingOffsetTest {

    @Inject
    DataSource dataSource;

    @Test
    void offsetPastTheIntRangeIsRefusedOnPage() {
        String admin = adminToken();
        assertInvalidField(as(admin).get("/api/v1/admin/outbox?page=1073741824&size=2"), "page");
        assertInvalidField(as(admin).get("/api/v1/admin/users?page=21474837&size=100"), "page");
        assertInvalidField(as(Api.accessToken(Api.registered())).get("/api/v1/me/sessions?page=2147483647&size=100"), "page");
    }

    @Test
    void largestOffsetInRangeIsAnEmptyPage() {
        as(adminToken()).get("/api/v1/admin/outbox?page=1073741823&size=2")
                .then().statusCode(200)
                .body("items", empty())
                .body("page", equalTo(1073741823));
    }

    private String adminToken() {
        TestUser admin = Api.registered();
        Db.update(dataSource, "UPDATE users SET roles = ? WHERE username = ?", "user,admin", admin.username());
        return Api.accessToken(admin);
    }
}
