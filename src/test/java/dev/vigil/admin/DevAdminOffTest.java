package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/** Without the dev tools (production) a start with no admin and no bootstrap admin configured creates nobody. */
@QuarkusTest
class DevAdminOffTest {

    @Inject
    BootstrapAdmin bootstrap;

    @Inject
    DataSource dataSource;

    private List<Map<String, Object>> demoted;

    @BeforeEach
    void noAdmin() {
        demoted = Db.query(dataSource, "SELECT id, roles FROM users WHERE roles LIKE '%admin%'");
        Db.update(dataSource, "UPDATE users SET roles = 'user' WHERE roles LIKE '%admin%'");
    }

    @AfterEach
    void restore() {
        for (Map<String, Object> admin : demoted) {
            Db.update(dataSource, "UPDATE users SET roles = ? WHERE id = ?", admin.get("roles"), admin.get("id"));
        }
    }

    @Test
    void startWithoutDevToolsCreatesNoAdmin() throws Throwable {
        bootstrap.onStart(null);

        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM users WHERE roles LIKE '%admin%'"));
    }
}
