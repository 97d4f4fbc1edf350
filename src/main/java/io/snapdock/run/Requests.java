package io.snapdock.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** What a caller asks for: the bodies of POST /api/backups, /api/restores, /api/prune and /api/maintenance/*. */
public final class Requests {

    private Requests() {
    }

    /**
     * What every request can say: whether it is a dry run (only restores and prunes have one: the
     * API then answers with the preview and starts no run), and what of it the run's record shows.
     */
    public interface RunRequest {
        default boolean isDryRun() {
            return false;
        }

        /** Copies what was asked for into the run's record (stores, stamp, targets). */
        default void describe(io.snapdock.model.Run run) {
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Backup implements RunRequest {
        public List<String> stores = List.of();

        @Override
        public void describe(io.snapdock.model.Run run) {
            run.requestedStores = stores;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Check implements RunRequest {
        /** Also read back and authenticate every chunk. */
        public boolean readData;
        /** primary or replica; none: the primary, or the replica when the primary is unreachable. */
        public String from;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Restore implements RunRequest {
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

        @Override
        public boolean isDryRun() {
            return dryRun;
        }

        @Override
        public void describe(io.snapdock.model.Run run) {
            run.stamp = stamp;
            run.requestedStores = stores;
        }
    }

    /** POST /api/replicate: the snapshots to copy (empty: every one missing on the replica). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Replicate implements RunRequest {
        public List<String> stamps = List.of();
    }

    /** A cleanup or repack: the maintenance targets to work on (empty: all configured). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Maintenance implements RunRequest {
        public List<String> targets = List.of();

        @Override
        public void describe(io.snapdock.model.Run run) {
            run.requestedTargets = targets;
        }
    }

    /** A prune: {@code dryRun} answers the plan at once and deletes nothing. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Prune implements RunRequest {
        public boolean dryRun;

        @Override
        public boolean isDryRun() {
            return dryRun;
        }
    }
}
