package io.snapdock.model;

import java.time.Instant;
import java.util.Set;

/**
 * What retention needs to know about one snapshot folder: where it is ({@code snapshots/} or
 * {@code safety/}), when it was taken, whether it is complete (has its manifest), the stores it
 * holds and those its last validation found valid; for a safety snapshot the restore's outcome
 * ({@code confirmed}, {@code rolled-back}, {@code rollback-failed}; null: pending or unknown) and when
 * it was recorded.
 */
public record SnapshotEntry(Area area, String stamp, Instant time, boolean complete, Set<String> stores,
        Set<String> validStores, String outcome, Instant outcomeAt) {

    public enum Area {
        snapshots, safety;

        /** The repository prefix the area's folders live under. */
        public String prefix() {
            return name() + "/";
        }
    }

    public static SnapshotEntry snapshot(String stamp, Instant time, Set<String> stores, Set<String> validStores) {
        return new SnapshotEntry(Area.snapshots, stamp, time, true, stores, validStores, null, null);
    }

    public static SnapshotEntry unfinished(Area area, String stamp, Instant time) {
        return new SnapshotEntry(area, stamp, time, false, Set.of(), Set.of(), null, null);
    }
}
