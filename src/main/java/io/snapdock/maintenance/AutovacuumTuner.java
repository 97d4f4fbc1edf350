package io.snapdock.maintenance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Sets per-table autovacuum parameters ({@code ALTER TABLE … SET (…)}). That takes only a
 * SHARE UPDATE EXCLUSIVE lock (reads and writes go on); a short lock_timeout keeps it from
 * queueing behind a long transaction and making others queue behind it.
 */
public final class AutovacuumTuner {

    private AutovacuumTuner() {
    }

    /** Returns false when the table does not exist (nothing to tune). */
    public static boolean apply(DataSource ds, String table, List<String> options, MaintenanceSettings s) {
        try (Connection c = ds.getConnection()) {
            if (!Catalog.tableExists(c, table)) {
                return false;
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL lock_timeout = " + s.lockTimeout().toMillis());
                st.execute("SET LOCAL statement_timeout = " + s.statementTimeout().toMillis());
                st.execute(Sql.setReloptions(table, options));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            throw Failures.of("setting autovacuum on " + table, e);
        }
    }
}
