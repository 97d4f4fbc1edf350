package io.snapdock.metrics;

import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.ValidationReport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What a finished run says about each store, as metrics (one {@code store} tag per store):
 * <pre>
 * snapdock_runs_total{kind,status}                      runs by kind (backup, restore, validate) and outcome
 * snapdock_backup_last_result{store}                    1 = the last backup of the store succeeded, 0 = failed
 * snapdock_backup_last_success_timestamp_seconds{store} when its last successful backup finished (Unix time)
 * snapdock_backup_duration_seconds{store}               how long that backup took
 * snapdock_backup_written_bytes{store}                  bytes it wrote to the repository
 * snapdock_backup_downtime_seconds{store}               how long its containers were stopped (0 when online)
 * snapdock_validation_valid{store}                      1 = its part of the last validated snapshot is valid
 * snapdock_validation_last_timestamp_seconds{store}     when that validation ran
 * snapdock_restore_last_result{store}                   1 = its last restore succeeded, 0 = failed
 * snapdock_restore_duration_seconds{store}              how long its last successful restore took
 * snapdock_restore_last_timestamp_seconds{store}        when its last restore ended
 * </pre>
 */
public final class RunMetrics {

    private RunMetrics() {
    }

    public static void record(SnapdockMetrics m, Run run, Manifest manifest) {
        if (run == null || run.kind == null) {
            return;
        }
        m.count("snapdock.runs", "Runs by kind and outcome", 1, "kind", run.kind,
                "status", run.status == null ? "unknown" : run.status.name());
        double ended = seconds(run.finishedAt, Instant.now());
        List<Run.Item> results;
        synchronized (run.stores) {
            results = List.copyOf(run.stores);
        }
        switch (run.kind) {
            case "backup" -> {
                for (Run.Item r : results) {
                    boolean ok = r.status == io.snapdock.model.ItemStatus.succeeded;
                    m.gauge("snapdock.backup.last.result", "1 when the store's last backup succeeded, 0 when it failed",
                            null, "store", r.name).set(ok ? 1 : 0);
                    if (!ok) {
                        continue;
                    }
                    Manifest.StoreEntry entry = manifest == null ? null : manifest.store(r.name);
                    m.gauge("snapdock.backup.last.success.timestamp",
                            "When the store's last successful backup finished",
                            "seconds", "store", r.name).set(entry != null ? seconds(entry.finishedAt, ended) : ended);
                    if (r.durationMs != null) {
                        m.gauge("snapdock.backup.duration", "Duration of the store's last successful backup",
                                "seconds", "store", r.name).set(r.durationMs / 1000.0);
                    }
                    if (r.bytes != null) {
                        m.gauge("snapdock.backup.written", "Bytes the store's last successful backup wrote",
                                "bytes", "store", r.name).set(r.bytes);
                    }
                    if (entry != null) {
                        m.gauge("snapdock.backup.downtime",
                                "Time the store's containers were stopped in its last backup",
                                "seconds", "store", r.name).set(entry.downtimeMs / 1000.0);
                    }
                }
                validation(m, run, manifest, ended);
            }
            case "validate" -> validation(m, run, manifest, ended);
            case "restore" -> {
                for (Run.Item r : results) {
                    boolean ok = r.status == io.snapdock.model.ItemStatus.succeeded;
                    m.gauge("snapdock.restore.last.result",
                            "1 when the store's last restore succeeded, 0 when it failed",
                            null, "store", r.name).set(ok ? 1 : 0);
                    m.gauge("snapdock.restore.last.timestamp", "When the store's last restore ended",
                            "seconds", "store", r.name).set(ended);
                    if (ok && r.durationMs != null) {
                        m.gauge("snapdock.restore.duration", "Duration of the store's last successful restore",
                                "seconds", "store", r.name).set(r.durationMs / 1000.0);
                    }
                }
            }
            default -> {
                // other kinds (maintenance, drills) record their own meters
            }
        }
    }

    /** Each store of the validated snapshot: valid unless an error names it (or names no store at all). */
    private static void validation(SnapdockMetrics m, Run run, Manifest manifest, double ended) {
        ValidationReport report = run.validation;
        if (report == null || manifest == null) {
            return;
        }
        for (Manifest.StoreEntry s : manifest.stores) {
            boolean valid = report.errors.stream().noneMatch(p -> p.store == null || p.store.equals(s.name));
            m.gauge("snapdock.validation.valid", "1 when the store's part of the last validated snapshot is valid",
                    null, "store", s.name).set(valid ? 1 : 0);
            m.gauge("snapdock.validation.last.timestamp", "When the store's last validation ran",
                    "seconds", "store", s.name).set(seconds(report.checkedAt, ended));
        }
    }

    private static double seconds(String isoInstant, double fallback) {
        if (isoInstant == null) {
            return fallback;
        }
        try {
            return Instant.parse(isoInstant).toEpochMilli() / 1000.0;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static double seconds(String isoInstant, Instant fallback) {
        return seconds(isoInstant, fallback.toEpochMilli() / 1000.0);
    }
}
