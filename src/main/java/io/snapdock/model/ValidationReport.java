package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of checking a snapshot: {@code valid} plus named error codes, kept next to the
 * manifest as {@code validation.json}. Codes: manifest_missing, manifest_unreadable,
 * artifact_missing, size_mismatch, checksum_mismatch, dump_unreadable, dump_truncated, globals_unreadable,
 * rdb_unreadable, rdb_checksum_mismatch, snapshot_unreadable, streams_unreadable, archive_unreadable,
 * db_unreadable, db_integrity_check_failed, row_count_mismatch,
 * manifest_invalid, artifact_unreadable; warnings: native_check_skipped, native_check_unavailable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ValidationReport {

    public String stamp;
    public boolean valid;
    public String checkedAt;
    /**
     * What was checked: {@code full} (every artifact read back end to end, with each store's
     * native check) or {@code new-data} (after a backup: every pack it uploaded read back and
     * authenticated, every chunk the snapshot needs present in the index and its pack in the
     * repository).
     */
    public String scope = "full";
    public List<Problem> errors = new ArrayList<>();
    /** Checks that could not run (a tool missing, say): reported, but they do not make it invalid. */
    public List<Problem> warnings = new ArrayList<>();

    public ValidationReport() {
    }

    public ValidationReport(String stamp) {
        this.stamp = stamp;
    }

    public synchronized void add(String code, String store, String artifact, String detail) {
        errors.add(new Problem(code, store, artifact, detail));
    }

    public synchronized void warn(String code, String store, String artifact, String detail) {
        warnings.add(new Problem(code, store, artifact, detail));
    }

    public List<String> codes() {
        return errors.stream().map(p -> p.code).distinct().toList();
    }

    public ValidationReport finish(String checkedAt) {
        this.valid = errors.isEmpty();
        this.checkedAt = checkedAt;
        return this;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Problem {
        public String code;
        public String store;
        public String artifact;
        public String detail;

        public Problem() {
        }

        public Problem(String code, String store, String artifact, String detail) {
            this.code = code;
            this.store = store;
            this.artifact = artifact;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return code + (store != null ? " " + store + (artifact != null ? "/" + artifact : "") : "")
                    + (detail != null ? ": " + detail : "");
        }
    }
}
