package io.snapdock.maintenance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * Deletes one rule's rows in bounded batches. Each batch is its own short transaction with
 * {@code SET LOCAL statement_timeout} and {@code lock_timeout}, so a batch never holds locks
 * for long, never waits long behind another session, and what was deleted stays deleted when a
 * later batch fails. Stops when a batch comes back short, or after {@code maxBatches}.
 */
public final class Pruner {

    /** What one rule did: rows deleted, batches run, and whether rows were left for the next run. */
    public record Outcome(long rows, int batches, boolean moreLeft) {
    }

    private Pruner() {
    }

    /** {@code onBatch} gets each batch's row count as soon as it is committed. */
    public static Outcome prune(DataSource ds, PruneRule rule, MaintenanceSettings s, LongConsumer onBatch) {
        String sql = Sql.deleteBatch(rule, s.batchSize());
        long total = 0;
        int batches = 0;
        while (batches < s.maxBatches()) {
            int n;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL statement_timeout = " + s.statementTimeout().toMillis());
                    st.execute("SET LOCAL lock_timeout = " + s.lockTimeout().toMillis());
                    n = st.executeUpdate(sql);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw Failures.of("pruning " + rule.item() + " (" + rule.table() + ")", e);
            }
            batches++;
            total += n;
            onBatch.accept(n);
            if (n < s.batchSize()) {
                return new Outcome(total, batches, false);
            }
        }
        return new Outcome(total, batches, true);
    }
}
