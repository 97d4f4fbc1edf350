package io.snapdock.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small questions to PostgreSQL's catalog. */
public final class Catalog {

    private Catalog() {
    }

    public static boolean tableExists(Connection c, String table) throws SQLException {
        return one(c, "SELECT to_regclass(?) IS NOT NULL", Sql.qualified(table)).equals("t");
    }

    /** The table with its indexes and TOAST, in bytes. */
    public static long totalSize(Connection c, String table) throws SQLException {
        return Long.parseLong(one(c, "SELECT pg_total_relation_size(to_regclass(?))", Sql.qualified(table)));
    }

    /** The installed pg_repack extension's version in this database, or null. */
    public static String repackExtension(Connection c) throws SQLException {
        try (PreparedStatement ps = c
                .prepareStatement("SELECT extversion FROM pg_extension WHERE extname = 'pg_repack'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String v = rs.getString(1);
                return v == null ? "" : v;
            }
        }
    }
}
