package dev.vigil.admin;

import static dev.vigil.support.Api.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.devtools.DevToolsProfile;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The dev admin: created at a start with the dev tools on while nobody holds the admin role, its
 * password printed once. The tests' database is shared by every test application of the JVM, so
 * each test first makes it look like a first start (no admin, no user named {@code admin}) and
 * afterwards gives the admins it demoted their roles back; then it runs the start-up step itself.
 */
@QuarkusTest
@TestProfile(DevToolsProfile.class)
class DevAdminTest {

    private static final Pattern USERNAME = Pattern.compile("username: (\\S+)");
    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");

    @Inject
    BootstrapAdmin bootstrap;

    @Inject
    DataSource dataSource;

    private final Logger root = Logger.getLogger("");
    private final LogCapture capture = new LogCapture();
    private List<Map<String, Object>> demoted;

    @BeforeEach
    void firstStart() {
        demoted = Db.query(dataSource, "SELECT id, roles FROM users WHERE roles LIKE '%admin%'");
        Db.update(dataSource, "UPDATE users SET roles = 'user' WHERE roles LIKE '%admin%'");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Db.update(dataSource, "UPDATE users SET username = ?, email = ? WHERE username = 'admin'",
                "admin-" + suffix, "admin-" + suffix + "@example.org");
        root.addHandler(capture);
    }

    @AfterEach
    void restore() {
        root.removeHandler(capture);
        for (Map<String, Object> admin : demoted) {
            Db.update(dataSource, "UPDATE users SET roles = ? WHERE id = ?", admin.get("roles"), admin.get("id"));
        }
    }

    @Test
    void firstStartCreatesASuperuserAndPrintsItsPasswordOnce() throws Throwable {
        bootstrap.onStart(null);

        List<String> withPassword = messages().stream().filter(m -> m.contains("password:")).toList();
        assertEquals(1, withPassword.size(), "one block with the credentials: " + messages());
        String block = withPassword.get(0);
        assertTrue(block.contains("=".repeat(72)), "the block is marked out: " + block);
        assertEquals("admin", find(USERNAME, block));
        String password = find(PASSWORD, block);
        assertEquals(1, messages().stream().filter(m -> m.contains(password)).count(),
                "the password appears in no other line");

        JsonPath tokens = login("admin", password);
        JsonPath claims = Jwts.claims(tokens.getString("access_token"));
        assertThat(claims.getList("groups", String.class), containsInAnyOrder("user", "admin", "superuser"));
        assertTrue(claims.getBoolean("email_verified"));
    }

    @Test
    void laterStartsNeitherCreateNorPrint() throws Throwable {
        assertTrue(bootstrap.createDevAdmin(), "the first start creates it");
        capture.records().clear();

        bootstrap.onStart(null);

        assertFalse(bootstrap.createDevAdmin(), "an admin exists now");
        assertTrue(messages().stream().noneMatch(m -> m.contains("password:")), "nothing printed: " + messages());
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM users WHERE username = 'admin'"));
    }

    @Test
    void anyAdminAlreadyThereMeansNoDevAdmin() throws Throwable {
        Admins.admin(dataSource);
        capture.records().clear();

        assertFalse(bootstrap.createDevAdmin());

        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM users WHERE username = 'admin'"));
        assertTrue(messages().stream().noneMatch(m -> m.contains("password:")), "nothing printed: " + messages());
    }

    private List<String> messages() {
        return capture.records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(DevAdminTest::text)
                .toList();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " in " + text);
        return m.group(1);
    }

    private static String text(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }
}
