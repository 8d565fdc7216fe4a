package dev.vigil.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Direct SQL for tests: to arrange states the API cannot reach yet (a lock, a ban) and to check
 * what was stored. Never used to stand in for the code under test. Times come from the test's clock
 * as {@link Instant} arguments, never from SQL's {@code now()}: the application runs on the test
 * clock, which is not the database server's.
 */
public final class Db {

    private Db() {
    }

    public static int update(DataSource dataSource, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> query(DataSource dataSource, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, args);
                ResultSet rows = s.executeQuery()) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Object single(DataSource dataSource, String sql, Object... args) {
        List<Map<String, Object>> rows = query(dataSource, sql, args);
        if (rows.size() != 1) {
            throw new IllegalStateException("Expected one row, got " + rows.size());
        }
        return rows.get(0).values().iterator().next();
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : args[i]);
        }
        return s;
    }
}
