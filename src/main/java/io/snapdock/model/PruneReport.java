package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** A prune: the plan it followed, the snapshot folders it deleted, and what the garbage collection then removed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PruneReport {

    public boolean dryRun;
    public RetentionPlan plan;
    /** Deleted folders ({@code snapshots/<stamp>} or {@code safety/<stamp>}). */
    public List<String> deleted = new ArrayList<>();
    public int snapshotsDeleted;
    public GcReport gc;
}
