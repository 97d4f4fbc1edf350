package io.snapdock.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunMetricsTest {

    /** The manifest the backup run wrote (what its context carries to the metrics). */
    static final Manifest MANIFEST = new Manifest();

    static Run backup() {
        Run run = new Run("backup", "api");
        run.status = Run.Status.failed;
        run.finishedAt = "2026-11-22T01:00:05Z";
        MANIFEST.stores.clear();
        Manifest.StoreEntry db = new Manifest.StoreEntry();
        db.name = "db";
        db.finishedAt = "2026-11-22T01:00:03Z";
        db.downtimeMs = 2500;
        MANIFEST.stores.add(db);
        Run.Item ok = new Run.Item("db", "postgres", io.snapdock.model.ItemStatus.of("succeeded"));
        ok.durationMs = 1500L;
        ok.bytes = 4096L;
        run.stores.add(ok);
        run.stores.add(new Run.Item("cache", "redis", io.snapdock.model.ItemStatus.of("failed")));
        run.validation = new ValidationReport("20261122T010000Z").finish("2026-11-22T01:00:04Z");
        return run;
    }

    @Test
    void aBackupRunSetsEachStoresMeters() {
        SnapdockMetrics m = new SnapdockMetrics();
        RunMetrics.record(m, backup(), MANIFEST);

        assertThat(m.counted("snapdock.runs", "kind", "backup", "status", "failed")).isEqualTo(1);
        assertThat(m.value("snapdock.backup.last.result", "store", "db")).isEqualTo(1);
        assertThat(m.value("snapdock.backup.last.result", "store", "cache")).isEqualTo(0);
        assertThat(m.value("snapdock.backup.last.success.timestamp", "store", "db")).isEqualTo(1795309203.0);
        assertThat(m.value("snapdock.backup.last.success.timestamp", "store", "cache")).isNaN();
        assertThat(m.value("snapdock.backup.duration", "store", "db")).isEqualTo(1.5);
        assertThat(m.value("snapdock.backup.written", "store", "db")).isEqualTo(4096);
        assertThat(m.value("snapdock.backup.downtime", "store", "db")).isEqualTo(2.5);
        assertThat(m.value("snapdock.validation.valid", "store", "db")).isEqualTo(1);
    }

    @Test
    void aValidationErrorNamingTheStoreMarksItInvalid() {
        SnapdockMetrics m = new SnapdockMetrics();
        Run run = backup();
        run.validation = new ValidationReport("20261122T010000Z");
        run.validation.add("checksum_mismatch", "db", "db-shop.dump", "differs");
        run.validation.finish("2026-11-22T01:00:04Z");
        RunMetrics.record(m, run, MANIFEST);
        assertThat(m.value("snapdock.validation.valid", "store", "db")).isEqualTo(0);
    }

    @Test
    void aRestoreRunSetsTheRestoreResult() {
        SnapdockMetrics m = new SnapdockMetrics();
        Run run = new Run("restore", "api");
        run.status = Run.Status.succeeded;
        Run.Item r = new Run.Item("db", "postgres", io.snapdock.model.ItemStatus.of("succeeded"));
        r.durationMs = 800L;
        run.stores.add(r);
        RunMetrics.record(m, run, null);
        assertThat(m.value("snapdock.restore.last.result", "store", "db")).isEqualTo(1);
        assertThat(m.value("snapdock.restore.duration", "store", "db")).isEqualTo(0.8);
        assertThat(m.counted("snapdock.runs", "kind", "restore", "status", "succeeded")).isEqualTo(1);
    }

    @Test
    void prometheusShowsValuesRecordedBeforeAndAfterBinding() {
        SnapdockMetrics m = new SnapdockMetrics();
        RunMetrics.record(m, backup(), MANIFEST);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        m.bindTo(prometheus);
        m.gauge("snapdock.maintenance.rows.deleted", "Rows deleted", null, "store", "db", "table", "events").set(42);
        m.count("snapdock.runs", "Runs by kind and outcome", 1, "kind", "backup", "status", "failed");

        String scrape = prometheus.scrape();
        assertThat(scrape).contains(
                "snapdock_runs_total{kind=\"backup\",status=\"failed\"} 2.0",
                "snapdock_backup_written_bytes{store=\"db\"} 4096.0",
                "snapdock_backup_duration_seconds{store=\"db\"} 1.5",
                "snapdock_backup_downtime_seconds{store=\"db\"} 2.5",
                "snapdock_backup_last_success_timestamp_seconds{store=\"db\"} 1.795309203E9",
                "snapdock_backup_last_result{store=\"cache\"} 0.0",
                "snapdock_validation_valid{store=\"db\"} 1.0",
                "snapdock_maintenance_rows_deleted{store=\"db\",table=\"events\"} 42.0");
    }
}
