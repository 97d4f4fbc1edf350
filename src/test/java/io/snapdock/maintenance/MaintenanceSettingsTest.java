package io.snapdock.maintenance;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceSettingsTest {

    @TempDir
    Path dir;

    private MaintenanceSettings settings(String... lines) throws IOException {
        Path f = Files.writeString(dir.resolve("m.properties"), String.join("\n", lines) + "\n");
        return MaintenanceSettings.from(SnapdockConfig.load(f, Map.of()));
    }

    @Test
    void defaultsHaveNoTargetAndAreSwitchedOn() throws IOException {
        MaintenanceSettings s = settings();
        assertThat(s.enabled()).isTrue();
        assertThat(s.batchSize()).isEqualTo(10_000);
        assertThat(s.targets()).isEmpty();
        assertThatThrownBy(() -> s.select(List.of())).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("no maintenance target is configured");
    }

    @Test
    void dagsterProfileGivesItsRulesAutovacuumAndRepackTables() throws IOException {
        MaintenanceTarget t = settings(
                "snapdock.maintenance.targets.dg.url=jdbc:postgresql://db:5432/dagster",
                "snapdock.maintenance.targets.dg.profile=dagster").targets().get("dg");
        assertThat(t.rules()).extracting(PruneRule::name).containsExactly("user-debug", "user-info", "system-events");
        assertThat(t.rules()).extracting(PruneRule::retentionDays).containsExactly(7, 60, 30);
        assertThat(t.rules()).allMatch(r -> r.table().equals("event_logs") && r.timestampColumn().equals("timestamp"));
        PruneRule debug = t.rules().get(0);
        assertThat(debug.where()).contains("dagster_event_type IS NULL").contains("'10'").doesNotContain("'40'");
        assertThat(t.rules().get(1).where()).contains("'20'", "'30'").doesNotContain("'40'");
        assertThat(t.rules().get(2).where()).contains("'ENGINE_EVENT'", "'STEP_OUTPUT'", "'LOADED_INPUT'",
                "'HANDLED_OUTPUT'", "'ASSET_MATERIALIZATION_PLANNED'")
                .doesNotContain("ASSET_MATERIALIZATION'", "STEP_SUCCESS");
        assertThat(t.rules()).noneMatch(r -> r.table().equals("runs"));
        // One partial index per rule, on exactly its rows.
        assertThat(t.indexes()).hasSize(3);
        assertThat(t.indexes()).extracting(IndexSpec::where).containsExactly(t.rules().get(0).where(),
                t.rules().get(1).where(), t.rules().get(2).where());
        assertThat(t.autovacuum()).containsKeys("event_logs", "runs");
        assertThat(t.repackTables()).containsExactly("event_logs", "runs", "job_ticks");
        assertThat(t.database()).isEqualTo("dagster");
        assertThat(t.user()).isEqualTo("postgres");
    }

    @Test
    void profileRulesCanBeChangedAndSwitchedOffByName() throws IOException {
        MaintenanceTarget t = settings(
                "snapdock.maintenance.targets.dg.url=jdbc:postgresql://db/dagster",
                "snapdock.maintenance.targets.dg.profile=dagster",
                "snapdock.maintenance.targets.dg.rules.user-info.retention-days=30",
                "snapdock.maintenance.targets.dg.rules.system-events.enabled=false",
                "snapdock.maintenance.targets.dg.autovacuum.runs=off",
                "snapdock.maintenance.targets.dg.repack-tables=event_logs").targets().get("dg");
        assertThat(t.rules()).extracting(PruneRule::name).containsExactly("user-debug", "user-info");
        assertThat(t.rules().get(1).retentionDays()).isEqualTo(30);
        assertThat(t.autovacuum()).containsOnlyKeys("event_logs");
        assertThat(t.repackTables()).containsExactly("event_logs");
    }

    @Test
    void genericRulesNeedTableColumnAndRetention() throws IOException {
        MaintenanceTarget t = settings(
                "snapdock.maintenance.targets.app.url=jdbc:postgresql://db/app",
                "snapdock.maintenance.targets.app.user=maint",
                "snapdock.maintenance.targets.app.rules.audit.table=public.audit_log",
                "snapdock.maintenance.targets.app.rules.audit.timestamp-column=created_at",
                "snapdock.maintenance.targets.app.rules.audit.retention-days=90",
                "snapdock.maintenance.targets.app.rules.audit.where=level <> 'ERROR'",
                "snapdock.maintenance.targets.app.autovacuum.public.audit_log=autovacuum_vacuum_scale_factor=0.01")
                .targets().get("app");
        PruneRule r = t.rules().get(0);
        assertThat(r.item()).isEqualTo("app/audit");
        assertThat(Sql.deleteBatch(r, 500, false)).isEqualTo("WITH batch AS MATERIALIZED (SELECT ctid AS row_ctid,"
                + " \"created_at\" AS row_ts FROM \"public\".\"audit_log\" WHERE \"created_at\" < now() - make_interval(days => 90)"
                + " AND (level <> 'ERROR') ORDER BY \"created_at\" LIMIT 500), gone AS (DELETE FROM \"public\".\"audit_log\""
                + " WHERE ctid = ANY(ARRAY(SELECT row_ctid FROM batch)) RETURNING 1) SELECT (SELECT count(*) FROM gone),"
                + " (SELECT max(row_ts)::text FROM batch), (SELECT count(*) FROM batch)");
        assertThat(Sql.deleteBatch(r, 500, true))
                .contains("< now() - make_interval(days => 90) AND \"created_at\" >= ? AND (level");
        assertThat(t.indexes()).singleElement().satisfies(i -> assertThat(i.createSql()).isEqualTo(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"snapdock_audit_log_created_at\" ON \"public\".\"audit_log\" (\"created_at\")"));
        assertThat(t.autovacuum()).containsEntry("public.audit_log", List.of("autovacuum_vacuum_scale_factor=0.01"));
        assertThat(t.repackTables()).isEmpty();

        assertThatThrownBy(() -> settings("snapdock.maintenance.targets.x.url=jdbc:postgresql://db/x",
                "snapdock.maintenance.targets.x.rules.r.table=t")).hasMessageContaining("rules.r.timestamp-column");
    }

    @Test
    void namesThatCouldCarrySqlAreRefused() {
        assertThatThrownBy(() -> settings("snapdock.maintenance.targets.x.url=jdbc:postgresql://db/x",
                "snapdock.maintenance.targets.x.rules.r.table=t; DROP TABLE runs",
                "snapdock.maintenance.targets.x.rules.r.timestamp-column=ts",
                "snapdock.maintenance.targets.x.rules.r.retention-days=1")).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("not a valid SQL name");
        assertThatThrownBy(() -> settings("snapdock.maintenance.targets.x.url=jdbc:postgresql://db/x",
                "snapdock.maintenance.targets.x.autovacuum.t=fillfactor=50); DROP TABLE t; --"))
                .hasMessageContaining("not an autovacuum setting");
        assertThatThrownBy(() -> settings("snapdock.maintenance.targets.x.url=mysql://db/x"))
                .hasMessageContaining("not a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> settings("snapdock.maintenance.targets.x.url=jdbc:postgresql://db/x",
                "snapdock.maintenance.targets.x.profile=airflow")).hasMessageContaining("the only profile is dagster");
    }

    @Test
    void unknownTargetsAreBadInput() throws IOException {
        MaintenanceSettings s = settings("snapdock.maintenance.targets.a.url=jdbc:postgresql://db/a");
        assertThat(s.select(List.of())).extracting(MaintenanceTarget::name).containsExactly("a");
        assertThatThrownBy(() -> s.select(List.of("b"))).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("unknown maintenance target 'b'");
    }

    @Test
    void transientErrorsAreTheOnesWorthRetrying() {
        assertThat(Failures.isTransient(new java.sql.SQLException("refused", "08001"))).isTrue();
        assertThat(Failures
                .isTransient(new java.sql.SQLException("canceling statement due to statement timeout", "57014")))
                .isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new java.net.ConnectException("refused")))).isTrue();
        assertThat(Failures.isTransient(new java.sql.SQLException("syntax error", "42601"))).isFalse();
        assertThat(Failures.isTransient(new java.sql.SQLException("permission denied", "42501"))).isFalse();
        assertThat(Failures.of("x", new java.sql.SQLException("t", "55P03"))).isInstanceOf(TransientFailure.class);
        assertThat(Failures.of("x", new java.sql.SQLException("t", "42P01"))).isInstanceOf(SnapdockException.class);
    }
}
