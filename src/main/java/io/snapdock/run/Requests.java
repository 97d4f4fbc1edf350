package io.snapdock.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** What a caller asks for: the bodies of POST /api/backups, /api/restores, /api/prune and /api/maintenance/*. */
public final class Requests {

    private Requests() {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Backup {
        public List<String> stores = List.of();
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Check {
        /** Also read back and authenticate every chunk. */
        public boolean readData;
        /** primary or replica; none: the primary, or the replica when the primary is unreachable. */
        public String from;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Restore {
        /** A stamp, or {@code latest}: per store, the newest snapshot holding it that was validated as valid. */
        public String stamp;
        public List<String> stores = List.of();
        /** primary or replica; none: the primary, or the replica when the primary is unreachable. */
        public String from;
        /** Only say what would be replaced and stopped (POST /api/restores answers 200 with the preview). */
        public boolean dryRun;
        /**
         * false: no safety snapshot for this restore (and so no automatic rollback) — for a store
         * whose current data is lost and cannot be copied. Null: snapdock.restore.safety-snapshot.
         */
        public Boolean safetySnapshot;
    }

    /** POST /api/replicate: the snapshots to copy (empty: every one missing on the replica). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Replicate {
        public List<String> stamps = List.of();
    }

    /** A cleanup or repack: the maintenance targets to work on (empty: all configured). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Maintenance {
        public List<String> targets = List.of();
    }

    /** A prune: {@code dryRun} answers the plan at once and deletes nothing. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Prune {
        public boolean dryRun;
    }
}
