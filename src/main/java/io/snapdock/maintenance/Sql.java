package io.snapdock.maintenance;

import io.snapdock.SnapdockException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The SQL text maintenance sends. Table and column names come from configuration: they are
 * checked against a strict pattern and quoted, so a name can never carry SQL. Predicates
 * ({@code .where}) are SQL by design and are written by the operator.
 */
public final class Sql {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final Pattern RELOPTION = Pattern.compile("(toast\\.)?autovacuum_[a-z_]+=[0-9.]+|fillfactor=[0-9]+");

    private Sql() {
    }

    /** A checked, quoted identifier. */
    public static String ident(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SnapdockException.badInput("not a valid SQL name: '" + name + "' (letters, digits, _)");
        }
        return "\"" + name + "\"";
    }

    /** {@code table} or {@code schema.table}, each part checked and quoted. */
    public static String qualified(String table) {
        String[] parts = table.split("\\.", -1);
        if (parts.length > 2) {
            throw SnapdockException.badInput("not a valid table name: '" + table + "' (table or schema.table)");
        }
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(ident(p));
        }
        return String.join(".", out);
    }

    /** The table's own name without its schema. */
    static String bareName(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    /**
     * One bounded batch: the oldest matching rows, at most {@code batchSize}, deleted by physical
     * address (ctid: works with or without a primary key, deleted with a TID scan). Returns the
     * rows deleted, the newest timestamp of the batch (as text) and the batch's size. With
     * {@code after}, the scan starts at the previous batch's newest timestamp (a bound parameter):
     * rows the predicate keeps are then read once per run, not once per batch.
     */
    public static String deleteBatch(PruneRule rule, int batchSize, boolean after) {
        String t = qualified(rule.table());
        String ts = ident(rule.timestampColumn());
        return "WITH batch AS MATERIALIZED (SELECT ctid AS row_ctid, " + ts + " AS row_ts FROM " + t
                + " WHERE " + ts + " < now() - make_interval(days => " + rule.retentionDays() + ")"
                + (after ? " AND " + ts + " >= ?" : "")
                + (rule.where() == null ? "" : " AND (" + rule.where() + ")")
                + " ORDER BY " + ts + " LIMIT " + batchSize + "),"
                + " gone AS (DELETE FROM " + t + " WHERE ctid = ANY(ARRAY(SELECT row_ctid FROM batch)) RETURNING 1)"
                + " SELECT (SELECT count(*) FROM gone), (SELECT max(row_ts)::text FROM batch), (SELECT count(*) FROM batch)";
    }

    /** {@code ALTER TABLE … SET (autovacuum_…=…, …)}: only autovacuum settings and fillfactor. */
    public static String setReloptions(String table, List<String> options) {
        for (String o : options) {
            if (!RELOPTION.matcher(o).matches()) {
                throw SnapdockException.badInput("not an autovacuum setting: '" + o
                        + "' (expected e.g. autovacuum_vacuum_scale_factor=0.02)");
            }
        }
        return "ALTER TABLE " + qualified(table) + " SET (" + String.join(", ", options) + ")";
    }
}
