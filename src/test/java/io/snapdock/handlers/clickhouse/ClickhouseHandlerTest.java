package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.volume.VolumeHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL and command lines only: no ClickHouse server runs here (see the class comment of ClickhouseHandler). */
class ClickhouseHandlerTest {

    private static StoreSpec spec(Map<String, String> options, Integer port, String user, String password) {
        return new StoreSpec("events", "clickhouse", "online", "c0ffee", "events-1", "clickhouse/clickhouse-server",
                null, port, user, password, options, "labels");
    }

    @Test
    void backupAndRestoreStatementsQuoteTheirNames() {
        assertThat(ClickhouseCommands.backupSql("events", "/var/lib/clickhouse/snapdock-backups/snapdock-1"))
                .isEqualTo("BACKUP DATABASE `events` TO File('/var/lib/clickhouse/snapdock-backups/snapdock-1')");
        assertThat(ClickhouseCommands.restoreSql("events", "/b/snapdock-1"))
                .isEqualTo("RESTORE DATABASE `events` FROM File('/b/snapdock-1')");
        assertThat(ClickhouseCommands.backupSql("we`ird\\db", "/b/it's"))
                .isEqualTo("BACKUP DATABASE `we\\`ird\\\\db` TO File('/b/it\\'s')");
    }

    @Test
    void asideRenameAndDrop() {
        String aside = ClickhouseCommands.asideName("events");
        assertThat(aside).matches("snapdock_restore_previous_[0-9a-f]{12}")
                .isEqualTo(ClickhouseCommands.asideName("events"))
                .isNotEqualTo(ClickhouseCommands.asideName("events2"));
        assertThat(ClickhouseCommands.renameSql("events", aside))
                .isEqualTo("RENAME DATABASE `events` TO `" + aside + "`");
        assertThat(ClickhouseCommands.dropSql(aside)).isEqualTo("DROP DATABASE IF EXISTS `" + aside + "` SYNC");
        assertThat(ClickhouseCommands.existsSql("o'x"))
                .isEqualTo("SELECT count() FROM system.databases WHERE name = 'o\\'x'");
        assertThat(ClickhouseCommands.listDatabasesSql()).contains("system.databases")
                .contains("NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema')");
    }

    @Test
    void clientGetsTheQueryAsOneArgumentAndCredentialsOnlyThroughAPrivateConfigurationFile() {
        StoreSpec s = spec(Map.of(), 9001, "backup", "s3<c&ret");
        assertThat(ClickhouseCommands.client(s, "SELECT 1")).containsExactly("sh", "-c",
                ClickhouseCommands.CREDENTIALS_SCRIPT, "clickhouse-client", "clickhouse-client", "--port=9001",
                "--query", "SELECT 1");
        assertThat(ClickhouseCommands.client(s, "SELECT 1")).noneMatch(a -> a.contains("s3<c&ret"));
        assertThat(ClickhouseCommands.CREDENTIALS_SCRIPT).contains("umask 077", "mktemp", "rm -f",
                "\"$SNAPDOCK_CLICKHOUSE_PASSWORD\"", "\"$@\" --config-file=");
        assertThat(ClickhouseCommands.env(s)).containsEntry("SNAPDOCK_CLICKHOUSE_USER", "backup")
                .containsEntry("SNAPDOCK_CLICKHOUSE_PASSWORD", "s3&lt;c&amp;ret");
        assertThat(ClickhouseCommands.env(spec(Map.of(), null, null, "p"))).containsEntry("SNAPDOCK_CLICKHOUSE_USER",
                "default");
        assertThat(ClickhouseCommands.env(spec(Map.of(), null, null, null))).isEmpty();
        assertThat(ClickhouseCommands.client(spec(Map.of(), null, null, null), "SELECT 1"))
                .containsExactly("clickhouse-client", "--query", "SELECT 1");
        assertThat(ClickhouseCommands.client(spec(Map.of(), null, null, null), "SELECT 1; SELECT 2", true))
                .containsExactly("clickhouse-client", "--multiquery", "--query", "SELECT 1; SELECT 2");
    }

    @Test
    void theMethodFollowsTheServerVersion() {
        assertThat(ClickhouseVersion.parse("18.16.1\n").hasBackupStatement()).isFalse();
        assertThat(ClickhouseVersion.parse("22.7.7.24").hasBackupStatement()).isFalse();
        assertThat(ClickhouseVersion.parse("22.8.1.2097").hasBackupStatement()).isTrue();
        assertThat(ClickhouseVersion.parse("23.3.2.37").hasBackupStatement()).isTrue();
        assertThat(ClickhouseVersion.parse("18.16.1").text()).isEqualTo("18.16.1");
        assertThatThrownBy(() -> ClickhouseVersion.parse("Code: 516")).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("unexpected ClickHouse version");
    }

    @Test
    void perTableStatementsQuoteTheirNames() {
        assertThat(ClickhouseCommands.listTablesSql("o'x")).isEqualTo("SELECT name, engine, create_table_query"
                + " FROM system.tables WHERE database = 'o\\'x' ORDER BY name FORMAT TSV");
        assertThat(ClickhouseCommands.exportSql("events", ".inner.daily"))
                .isEqualTo("SELECT * FROM `events`.`.inner.daily` FORMAT Native");
        assertThat(ClickhouseCommands.importSql("ev`il", "t")).isEqualTo("INSERT INTO `ev\\`il`.`t` FORMAT Native");
        assertThat(ClickhouseCommands.showCreateSql("e", "t")).isEqualTo("SHOW CREATE TABLE `e`.`t` FORMAT TSV");
        assertThat(ClickhouseCommands.renameTableSql("e", "aside", "t"))
                .isEqualTo("RENAME TABLE `e`.`t` TO `aside`.`t`");
        assertThat(ClickhouseCommands.dropTableSql("e", "t")).isEqualTo("DROP TABLE IF EXISTS `e`.`t`");
        assertThat(ClickhouseCommands.dropDatabaseSql("e")).isEqualTo("DROP DATABASE IF EXISTS `e`");
        assertThat(ClickhouseCommands.databasesAmongSql("a", "b'"))
                .isEqualTo("SELECT name FROM system.databases WHERE name IN ('a', 'b\\'') FORMAT TSV");
        assertThat(ClickhouseCommands.countsSql("e", java.util.List.of("a", "b")))
                .isEqualTo("SELECT 0, count() FROM `e`.`a` UNION ALL SELECT 1, count() FROM `e`.`b` FORMAT TSV");
        assertThat(ClickhouseCommands.listLocalDatabasesSql()).contains("engine IN ('Ordinary', 'Atomic', 'Lazy')");
        assertThat(ClickhouseCommands.attachForm("CREATE MATERIALIZED VIEW e.mv (d Date) ENGINE = SummingMergeTree"
                + " ORDER BY d AS SELECT d FROM e.t"))
                .isEqualTo("ATTACH MATERIALIZED VIEW e.mv (d Date) ENGINE = SummingMergeTree ORDER BY d AS SELECT d"
                        + " FROM e.t");
        assertThatThrownBy(() -> ClickhouseCommands.attachForm("DROP TABLE x")).isInstanceOf(SnapdockException.class);
    }

    @Test
    void onlyEnginesHoldingTheirOwnRowsAreExportedAndOnlyThoseKeepingEveryRowCounted() {
        for (String e : new String[]{"MergeTree", "ReplacingMergeTree", "SummingMergeTree", "ReplicatedMergeTree",
                "TinyLog", "Log", "StripeLog", "Memory"}) {
            assertThat(ClickhouseCommands.holdsRows(e)).as(e).isTrue();
        }
        for (String e : new String[]{"View", "MaterializedView", "Distributed", "Merge", "Buffer", "Null", "Kafka",
                "Dictionary", "Set", "Join"}) {
            assertThat(ClickhouseCommands.holdsRows(e)).as(e).isFalse();
        }
        assertThat(ClickhouseCommands.keepsEveryRow("MergeTree")).isTrue();
        assertThat(ClickhouseCommands.keepsEveryRow("TinyLog")).isTrue();
        assertThat(ClickhouseCommands.keepsEveryRow("SummingMergeTree")).isFalse();
        assertThat(ClickhouseCommands.keepsEveryRow("ReplacingMergeTree")).isFalse();
    }

    @Test
    void tabSeparatedAnswersAreUnescapedAndArtifactNamesNeverCollide() {
        assertThat(ClickhouseCommands.tsv("a\\tb\tMergeTree\tCREATE TABLE x (s String DEFAULT \\'\\\\n\\') \n\n"))
                .containsExactly(java.util.List.of("a\tb", "MergeTree", "CREATE TABLE x (s String DEFAULT '\\n') "));
        assertThat(ClickhouseCommands.unescape("line\\none\\\\two\\0")).isEqualTo("line\none\\two\0");
        assertThat(ClickhouseCommands.tableArtifactName("a.b", "c"))
                .isNotEqualTo(ClickhouseCommands.tableArtifactName("a", "b.c"));
        assertThat(ClickhouseCommands.tableArtifactName("events", ".inner.daily"))
                .isEqualTo("db-events.%2Einner.daily.native");
        assertThat(ClickhouseCommands.tableArtifactName("events", "../x")).doesNotContain("/");
        assertThat(ClickhouseCommands.schemaArtifactName("events")).isEqualTo("db-events.schema.json");
    }

    @Test
    void backupDirDefaultsAndIsChecked() {
        assertThat(ClickhouseCommands.backupDir(spec(Map.of(), null, null, null)))
                .isEqualTo("/var/lib/clickhouse/snapdock-backups");
        assertThat(ClickhouseCommands.backupDir(spec(Map.of("backup-dir", "/backups/"), null, null, null)))
                .isEqualTo("/backups");
        for (String bad : new String[]{"backups", "/", "/a/../etc", "/x'y"}) {
            assertThatThrownBy(() -> ClickhouseCommands.backupDir(spec(Map.of("backup-dir", bad), null, null, null)))
                    .as(bad).isInstanceOf(SnapdockException.class).hasMessageContaining("allowed_path");
        }
        assertThat(ClickhouseCommands.newFolderName()).matches("snapdock-[0-9a-f]{32}");
        assertThat(ClickhouseCommands.artifactName("events")).isEqualTo("db-events.tar");
    }

    private static byte[] tar(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
            for (String n : names) {
                TarArchiveEntry e = new TarArchiveEntry(n);
                byte[] body = n.endsWith("/") ? new byte[0] : "<backup/>".getBytes(StandardCharsets.UTF_8);
                e.setSize(body.length);
                t.putArchiveEntry(e);
                t.write(body);
                t.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void theBackupFolderIsReadFromTheArchiveAndCannotEscape() throws Exception {
        String folder = ClickhouseCommands.newFolderName();
        assertThat(ClickhouseBackupArchive.topFolder(new ByteArrayInputStream(tar(folder + "/", folder + "/.backup"))))
                .isEqualTo(folder);
        assertThatThrownBy(
                () -> ClickhouseBackupArchive.topFolder(new ByteArrayInputStream(tar("../etc/", "../etc/passwd"))))
                .isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> ClickhouseBackupArchive.topFolder(new ByteArrayInputStream(tar())))
                .isInstanceOf(SnapdockException.class);
    }

    @Test
    void checkWantsTheBackupMetadataFile() throws Exception {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-events.tar";
        String f = ClickhouseCommands.newFolderName();

        ValidationReport ok = new ValidationReport("s");
        new ClickhouseHandler().check(null, "events", a,
                new ByteArrayInputStream(tar(f + "/", f + "/.backup", f + "/data/x.bin")), ok);
        assertThat(ok.errors).isEmpty();

        ValidationReport noMeta = new ValidationReport("s");
        new ClickhouseHandler().check(null, "events", a, new ByteArrayInputStream(tar(f + "/", f + "/data/x.bin")),
                noMeta);
        assertThat(noMeta.codes()).containsExactly("dump_unreadable");

        ValidationReport junk = new ValidationReport("s");
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[3000]);
        new ClickhouseHandler().check(null, "events", a, in, junk);
        assertThat(in.available()).isZero();
        assertThat(junk.codes()).containsExactly("dump_unreadable");
    }

    @Test
    void registeredOnlineAndRunsAsTheClickhouseUser() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        assertThat(r.get("clickhouse")).isInstanceOf(ClickhouseHandler.class);
        assertThat(r.get("clickhouse").defaultMode()).isEqualTo("online");
        assertThat(r.get("clickhouse").execUser()).isEqualTo("clickhouse");
        assertThat(r.forMethod("clickhouse", "stop")).isInstanceOf(VolumeHandler.class);
    }
}
