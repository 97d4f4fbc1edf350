package io.snapdock.model;

import java.util.List;

/**
 * The plan's word on one snapshot: kept or deleted, and why. A kept snapshot names every rule
 * that keeps it ({@code daily 2026-11-21}, {@code weekly 2026-W47}, {@code monthly 2026-11},
 * {@code min-keep}, {@code last-valid <store>}, {@code safety pending} …); a deleted one says why
 * nothing keeps it ({@code no rule keeps it}, {@code older than max-age 90d}, {@code unfinished} …).
 */
public record Decision(SnapshotEntry.Area area, String stamp, boolean keep, List<String> reasons) {

    /** The folder of the snapshot in the repository. */
    public String folder() {
        return area.prefix() + stamp + "/";
    }

    /** The folder as a prune report names it: {@code snapshots/<stamp>} or {@code safety/<stamp>}. */
    public String name() {
        return area.prefix() + stamp;
    }
}
