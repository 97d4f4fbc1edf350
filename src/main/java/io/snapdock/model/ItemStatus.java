package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How one item of a run (a store, a rule, an index, a table) stands. The names are what the API,
 * the history and the webhook have always shown ({@code rolled-back}, not {@code rolled_back}).
 */
public enum ItemStatus {
    pending("pending"), running("running"), succeeded("succeeded"), failed("failed"), skipped("skipped"),
    /** A restore that failed and was put back to its safety snapshot: the store holds what it held before. */
    rolledBack("rolled-back"),
    /**
     * A restore that failed and could not be put back yet: its journal entry stays, a running
     * service retries the rollback with a growing delay, every start of Snapdock tries it too.
     */
    rollbackPending("rollback-pending"),
    /**
     * A rollback that can never run (its repository, its safety snapshot or its store is not what
     * the journal entry names: parked): the safety snapshot holds the store's previous content.
     */
    rollbackFailed("rollback-failed");

    private final String label;

    ItemStatus(String label) {
        this.label = label;
    }

    /** Failed, or a restore that had to be rolled back (or could not be): the run fails. */
    public boolean failsRun() {
        return this == failed || this == rolledBack || this == rollbackPending || this == rollbackFailed;
    }

    @JsonValue
    @Override
    public String toString() {
        return label;
    }

    @JsonCreator
    public static ItemStatus of(String label) {
        for (ItemStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown item status '" + label + "'");
    }
}
