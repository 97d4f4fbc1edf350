package io.snapdock.maintenance;

/**
 * One pruning rule: rows of {@code table} whose {@code timestampColumn} is older than
 * {@code retentionDays} and that match {@code where} (SQL, may be null) are deleted in batches.
 * {@code indexWhere} is the predicate of the partial index that makes finding them cheap (null:
 * a plain index on the timestamp column); {@code index=false} creates none.
 */
public record PruneRule(String target, String name, String table, String timestampColumn, String where,
        int retentionDays, boolean index, String indexWhere) {

    /** How the rule is named in results and failure records: {@code target/rule}. */
    public String item() {
        return target + "/" + name;
    }

    /** The index this rule relies on, or null when it asks for none. */
    public IndexSpec indexSpec() {
        return index ? IndexSpec.of(table, timestampColumn, indexWhere) : null;
    }
}
