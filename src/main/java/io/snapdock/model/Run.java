package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The record of one run (backup, restore, validate, check, prune, replicate, cleanup, repack):
 * exactly what the API shows, the history keeps and the webhook summarises. What a run carries
 * while it works (the stores with their credentials, the manifest being built, locks) is in the
 * run's context ({@code io.snapdock.run.RunContext}), never here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Run {

    /** How a run stands: queued (the API accepted it), running, and how it ended. */
    public enum Status {
        queued, running, succeeded, failed, skipped
    }

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
    public final List<Item> stores = Collections.synchronizedList(new ArrayList<>());
    public ValidationReport validation;
    /** Restore: the safety snapshot taken of the stores before they were replaced (safety/&lt;stamp&gt;/). */
    public String safety;
    /** A repository check's findings (kind check). */
    public CheckReport check;
    /** A prune's plan, the snapshots it deleted and what the garbage collection removed (kind prune). */
    public PruneReport prune;
    /** Totals over the items: bytes written (backups) or reclaimed (repack), rows deleted (cleanup). */
    public Long bytes;
    public Long rowsDeleted;
    /** Reads (restore, validate, check): the repository read, {@code primary} or {@code replica}. */
    public String source;
    /** Backups and replicate runs with a replica configured: what was copied there. */
    public ReplicaStatus replica;

    public Run() {
    }

    public Run(String kind, String trigger) {
        this.kind = kind;
        this.trigger = trigger;
        this.pid = ProcessHandle.current().pid();
        this.host = Host.NAME;
    }

    // Getters for the routes' simple expressions (${exchangeProperty.snapdockRun.safety} …).

    public String getId() {
        return id;
    }

    public String getSafety() {
        return safety;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public ValidationReport getValidation() {
        return validation;
    }

    /** The run starts working now. */
    public void start() {
        status = Status.running;
        startedAt = Instant.now().toString();
    }

    /** The run ends with nothing to do (maintenance switched off, no target), recorded as {@code why}. */
    public void skip(String why) {
        status = Status.skipped;
        startedAt = Instant.now().toString();
        item("maintenance", "switch", ItemStatus.skipped).detail = why;
    }

    public Item result(String name) {
        synchronized (stores) {
            return stores.stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
        }
    }

    /** The item named {@code name}, added (with {@code type} and {@code status}) when it is not there yet. */
    public Item item(String name, String type, ItemStatus status) {
        synchronized (stores) {
            Item r = result(name);
            if (r == null) {
                r = new Item(name, type, status);
                stores.add(r);
            }
            return r;
        }
    }

    public boolean anyItemFailed() {
        synchronized (stores) {
            return stores.stream().anyMatch(r -> r.status.failsRun());
        }
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

    @JsonIgnore
    public boolean isOver() {
        return finishedAt != null;
    }

    /** One result per item of the run: a store (backup, restore), a rule, index or table (maintenance). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Item {
        public String name;
        public String type;
        public ItemStatus status;
        public String error;
        public Long durationMs;
        public Long bytes;
        /** Of {@link #bytes}, what was new to the repository (compressed and sealed). */
        public Long added;
        /** Maintenance: rows deleted by a pruning rule. */
        public Long rows;
        /**
         * Maintenance: what was done or why it was skipped, in a few words. Restore: why the store
         * has no safety copy (it was empty).
         */
        public String detail;
        /** Restore: the snapshot this store was restored from (per store with {@code latest}). */
        public String source;
        /** Restore: what the rollback to the safety snapshot did after a failure (status rolled-back or rollback-failed). */
        public String rollback;

        public Item() {
        }

        public Item(String name, String type, ItemStatus status) {
            this.name = name;
            this.type = type;
            this.status = status;
        }

        /** Ends the item as failed with {@code why}. */
        public void fail(String why) {
            status = ItemStatus.failed;
            error = why;
        }
    }
}
