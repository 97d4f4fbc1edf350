package io.snapdock.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * One backup, restore or validation run, as the API and the CLI report it. What it carries for
 * the routes (targets with credentials, the manifest being built) is never serialised.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Run {

    public enum Status { queued, running, succeeded, failed, skipped }

    public String id = UUID.randomUUID().toString();
    public String kind;
    public String trigger;
    public volatile Status status = Status.queued;
    public String stamp;
    public List<String> requestedStores;
    /** Maintenance runs: the targets asked for (empty: all configured). */
    public List<String> requestedTargets;
    public String startedAt;
    public String finishedAt;
    public String error;
    /** The Snapdock process running it (pid on host): a run left unfinished by a process that died is closed. */
    public Long pid;
    public String host;
    public final List<StoreResult> stores = Collections.synchronizedList(new ArrayList<>());
    public ValidationReport validation;
    /** Restore: the safety snapshot taken of the stores before they were replaced (safety/&lt;stamp&gt;/). */
    public String safety;
    /** A repository check's findings (kind check). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public io.snapdock.repo.content.CheckReport check;
    /** A prune's plan, the snapshots it deleted and what the garbage collection removed (kind prune). */
    public io.snapdock.retention.PruneReport prune;
    /** Totals over the items: bytes written (backups) or reclaimed (repack), rows deleted (cleanup). */
    public Long bytes;
    public Long rowsDeleted;
    /** Reads (restore, validate, check): the repository read, {@code primary} or {@code replica}. */
    public String source;
    /** Backups and replicate runs with a replica configured: what was copied there. */
    public ReplicaStatus replica;

    /** The stores this run works on (backup: found by discovery; restore: from the manifest). */
    @JsonIgnore
    public transient List<StoreSpec> targets = new ArrayList<>();
    @JsonIgnore
    public transient Manifest manifest;
    /** Restore: per store, the manifest it is restored from (one snapshot, or several with {@code latest}). */
    @JsonIgnore
    public transient java.util.Map<String, Manifest> sources = new java.util.LinkedHashMap<>();
    /** Backup: the packs this run uploaded (what its verification reads back). */
    @JsonIgnore
    public transient List<io.snapdock.repo.content.PackContents> writtenPacks;
    /** The repository's shared lock a writing run holds while it runs (see RepositoryLock); null otherwise. */
    @JsonIgnore
    public transient AutoCloseable repositoryLock;
    /** Restore: asked for without a safety snapshot ("safetySnapshot": false, --no-safety-snapshot). */
    @JsonIgnore
    public transient boolean withoutSafetySnapshot;
    /** Whether this run holds the run lock (see RunRegistry). */
    @JsonIgnore
    transient boolean holdsLock;

    public Run() {
    }

    public Run(String kind, String trigger) {
        this.kind = kind;
        this.trigger = trigger;
        this.pid = ProcessHandle.current().pid();
        this.host = StopJournal.HOST;
    }

    /** For the routes' simple expressions (split over the targets). */
    @JsonIgnore
    public List<StoreSpec> getTargets() {
        return targets;
    }

    public ValidationReport getValidation() {
        return validation;
    }

    public StoreResult result(String store) {
        synchronized (stores) {
            return stores.stream().filter(r -> r.name.equals(store)).findFirst().orElse(null);
        }
    }

    public boolean anyStoreFailed() {
        synchronized (stores) {
            return stores.stream().anyMatch(r -> failed(r.status));
        }
    }

    /** A store's status that fails the run: failed, or a restore that had to be rolled back (or could not be). */
    public static boolean failed(String status) {
        return "failed".equals(status) || "rolled-back".equals(status) || "rollback-failed".equals(status);
    }

    /** Sums the items' bytes and rows into the run's totals (once the run is over). */
    public void summarize() {
        synchronized (stores) {
            if (stores.stream().anyMatch(r -> r.rows != null)) {
                rowsDeleted = stores.stream().filter(r -> r.rows != null).mapToLong(r -> r.rows).sum();
            }
            if (bytes == null && stores.stream().anyMatch(r -> r.bytes != null)) {
                bytes = stores.stream().filter(r -> r.bytes != null).mapToLong(r -> r.bytes).sum();
            }
        }
    }

    /** The result named {@code name}, added (with {@code type} and {@code status}) when it is not there yet. */
    public StoreResult item(String name, String type, String status) {
        synchronized (stores) {
            StoreResult r = result(name);
            if (r == null) {
                r = new StoreResult(name, type, status);
                stores.add(r);
            }
            return r;
        }
    }

    /** One result per item of the run: a store (backup, restore), a rule, index or table (maintenance). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class StoreResult {
        public String name;
        public String type;
        public String status;
        public String error;
        public Long durationMs;
        public Long bytes;
        /** Of {@link #bytes}, what was new to the repository (compressed and sealed). */
        public Long added;
        /** Maintenance: rows deleted by a pruning rule. */
        public Long rows;
        /** Maintenance: what was done or why it was skipped, in a few words. */
        public String detail;
        /** Restore: the snapshot this store was restored from (per store with {@code latest}). */
        public String source;
        /** Restore: what the rollback to the safety snapshot did after a failure (status rolled-back or rollback-failed). */
        public String rollback;

        public StoreResult() {
        }

        public StoreResult(String name, String type, String status) {
            this.name = name;
            this.type = type;
            this.status = status;
        }
    }
}
