package io.snapdock.maintenance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the indexes the pruning rules need with {@code CREATE INDEX CONCURRENTLY IF NOT
 * EXISTS}: outside any transaction (PostgreSQL requires it), without blocking writes. A
 * concurrent build that failed earlier leaves an INVALID index that IF NOT EXISTS would keep
 * forever; it is dropped (concurrently) and built again.
 */
public final class IndexMaker {

    private IndexMaker() {
    }

    /** Returns "created", "rebuilt (was invalid)" or "present". */
    public static String ensure(DataSource ds, IndexSpec index, MaintenanceSettings s) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = " + s.indexTimeout().toMillis());
                st.execute("SET lock_timeout = " + s.indexTimeout().toMillis());
                Boolean valid = validity(c, index);
                String outcome = "created";
                if (Boolean.TRUE.equals(valid)) {
                    return "present";
                }
                if (Boolean.FALSE.equals(valid)) {
                    st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + regclassText(index));
                    outcome = "rebuilt (was invalid)";
                }
                st.execute(index.createSql());
                return outcome;
            } finally {
                // Pooled connection: the next user must not inherit the long timeouts.
                try (Statement st = c.createStatement()) {
                    st.execute("RESET statement_timeout");
                    st.execute("RESET lock_timeout");
                }
            }
        } catch (SQLException e) {
            throw Failures.of("creating index " + index.name() + " on " + index.table(), e);
        }
    }

    /** null when the index does not exist, else whether it is valid. */
    private static Boolean validity(Connection c, IndexSpec index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(?)")) {
            ps.setString(1, regclassText(index));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    /** The index's name in the table's schema, quoted. */
    private static String regclassText(IndexSpec index) {
        int dot = index.table().indexOf('.');
        String schema = dot < 0 ? "" : Sql.ident(index.table().substring(0, dot)) + ".";
        return schema + Sql.ident(index.name());
    }
}
