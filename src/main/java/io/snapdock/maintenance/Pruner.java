package io.snapdock.maintenance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.function.LongConsumer;

/**
 * Deletes one rule's rows in bounded batches, oldest first, each batch starting where the last
 * one ended (keyset), so the cost of a run grows with the rows it reads once, not per batch. Each batch is its own short transaction with
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
        long total = 0;
        int batches = 0;
        String after = null;
        while (batches < s.maxBatches()) {
            long n;
            long picked;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement();
                     PreparedStatement ps = c.prepareStatement(Sql.deleteBatch(rule, s.batchSize(), after != null))) {
                    st.execute("SET LOCAL statement_timeout = " + s.statementTimeout().toMillis());
                    st.execute("SET LOCAL lock_timeout = " + s.lockTimeout().toMillis());
                    // The planner cannot estimate predicates such as a level inside JSON; it then
                    // expects few rows and reads every candidate to sort them. Walking the rule's
                    // index in timestamp order stops after one batch: measured 6x faster per batch.
                    st.execute("SET LOCAL enable_bitmapscan = off");
                    st.execute("SET LOCAL enable_seqscan = off");
                    if (after != null) {
                        // Untyped: the server reads it as the column's own type (timestamp or timestamptz).
                        ps.setObject(1, after, Types.OTHER);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n = rs.getLong(1);
                        after = rs.getString(2);
                        picked = rs.getLong(3);
                    }
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
            if (picked < s.batchSize() || after == null) {
                return new Outcome(total, batches, false);
            }
        }
        return new Outcome(total, batches, true);
    }
}
