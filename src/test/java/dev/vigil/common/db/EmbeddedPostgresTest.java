package dev.vigil.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as the application gets it: private (a generated password, nothing without
 * it), durable when asked to be, and able to take over data directories that an older Vigil left
 * behind.
 */
class EmbeddedPostgresTest {

    private static final EmbeddedPostgres.Settings PACKAGED = new EmbeddedPostgres.Settings(true, 32);
    private static final EmbeddedPostgres.Settings DEV = new EmbeddedPostgres.Settings(false, 94);

    @Test
    void aNewDataDirectoryGetsAPasswordFileOnlyItsOwnerCanRead(@TempDir Path work) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.persistent(work.resolve("postgres"), PACKAGED);
        EmbeddedPostgres.Server server = postgres.start();
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres.passwordFile())));
            assertEquals(server.password(), Files.readString(postgres.passwordFile()).strip());
            assertTrue(server.password().length() >= 32, "a long random password");
            try (Connection connection = connect(server.port(), server.password())) {
                assertEquals("on", show(connection, "fsync"));
                assertEquals("on", show(connection, "synchronous_commit"));
                assertEquals("on", show(connection, "full_page_writes"));
                assertEquals("32", show(connection, "max_connections"));
                assertEquals("127.0.0.1", show(connection, "listen_addresses"));
                assertEquals("", show(connection, "unix_socket_directories"), "no Unix socket");
                assertTrue(query(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")
                        .startsWith("SCRAM-SHA-256$"), "stored as a SCRAM verifier");
            }
        } finally {
            postgres.stop();
        }
        assertFalse(Files.exists(postgres.dataDirectory().resolve("postmaster.pid")), "stopped");
    }

    @Test
    void aConnectionWithoutTheRightPasswordIsRefused(@TempDir Path work) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.persistent(work.resolve("postgres"), DEV);
        EmbeddedPostgres.Server server = postgres.start();
        try {
            SQLException wrong = assertThrows(SQLException.class, () -> connect(server.port(), "postgres").close());
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage()); // invalid_password
            assertThrows(SQLException.class, () -> connect(server.port(), null).close());
            assertTrue(Files.readString(postgres.dataDirectory().resolve("pg_hba.conf")).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .allMatch(line -> line.matches("host\\s+all\\s+all\\s+127\\.0\\.0\\.1/32\\s+scram-sha-256")),
                    "loopback with a password is the only way in");
        } finally {
            postgres.stop();
        }
    }

    @Test
    void devAndTestDataIsNotDurableAndTemporaryDataIsDeletedAfterwards() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.temporary(DEV);
        EmbeddedPostgres.Server server = postgres.start();
        try (Connection connection = connect(server.port(), server.password())) {
            assertEquals("off", show(connection, "fsync"));
            assertEquals("off", show(connection, "synchronous_commit"));
            assertEquals("off", show(connection, "full_page_writes"));
            assertEquals("94", show(connection, "max_connections"));
        } finally {
            postgres.stop();
        }
        assertFalse(Files.exists(postgres.dataDirectory()), "temporary data deleted");
    }

    @Test
    void aDataDirectoryOfAnOlderVigilGetsAPasswordAndKeepsItsData(@TempDir Path work) throws Exception {
        Path data = work.resolve("postgres");
        // What the older Vigil did: the library's own server, trusting every local connection.
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres older = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
                .builder().setDataDirectory(data).setCleanDataDirectory(false).start();
                Connection trusted = older.getPostgresDatabase().getConnection();
                Statement statement = trusted.createStatement()) {
            statement.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the older run')");
        }
        assertFalse(Files.exists(data.resolve(EmbeddedPostgres.PASSWORD_FILE)));

        EmbeddedPostgres postgres = EmbeddedPostgres.persistent(data, PACKAGED);
        EmbeddedPostgres.Server server = postgres.start();
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres.passwordFile())));
            SQLException refused = assertThrows(SQLException.class, () -> connect(server.port(), "postgres").close());
            assertEquals("28P01", refused.getSQLState(), "the old password/trust no longer gets in");
            try (Connection connection = connect(server.port(), server.password())) {
                assertEquals("from the older run", query(connection, "SELECT note FROM kept"));
            }
        } finally {
            postgres.stop();
        }

        // The next start uses the stored password and changes nothing.
        String password = Files.readString(data.resolve(EmbeddedPostgres.PASSWORD_FILE)).strip();
        EmbeddedPostgres again = EmbeddedPostgres.persistent(data, PACKAGED);
        EmbeddedPostgres.Server restarted = again.start();
        try (Connection connection = connect(restarted.port(), password)) {
            assertEquals(password, restarted.password());
            assertEquals("from the older run", query(connection, "SELECT note FROM kept"));
        } finally {
            again.stop();
        }
    }

    @Test
    void aDeletedPasswordFileIsReplacedByANewPassword(@TempDir Path work) throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.persistent(work.resolve("postgres"), DEV);
        String oldPassword = first.start().password();
        first.stop();
        Files.delete(first.passwordFile());

        EmbeddedPostgres second = EmbeddedPostgres.persistent(work.resolve("postgres"), DEV);
        EmbeddedPostgres.Server server = second.start();
        try {
            assertFalse(server.password().equals(oldPassword));
            assertThrows(SQLException.class, () -> connect(server.port(), oldPassword).close());
            try (Connection connection = connect(server.port(), server.password())) {
                assertEquals("1", query(connection, "SELECT 1"));
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void aDataDirectoryInUseByARunningServerIsNotTakenOver(@TempDir Path work) throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.persistent(work.resolve("postgres"), DEV);
        EmbeddedPostgres.Server server = first.start();
        try {
            EmbeddedPostgres second = EmbeddedPostgres.persistent(work.resolve("postgres"), DEV);
            IOException refused = assertThrows(IOException.class, second::start);
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
            try (Connection connection = connect(server.port(), server.password())) {
                assertEquals("1", query(connection, "SELECT 1"), "the first server kept running");
            }
        } finally {
            first.stop();
        }
    }

    @Test
    void theScramVerifierHasPostgresqlsForm() {
        String verifier = EmbeddedPostgres.scramVerifier("a password");
        assertTrue(verifier.matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}"), verifier);
        assertFalse(verifier.contains("a password"));
    }

    static Connection connect(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedPostgres.USER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    }

    static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        return query(connection, "SHOW " + setting);
    }
}
