package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.ClickhouseStore;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.RepoFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A labelled ClickHouse 18.16 container (Debian's package: no BACKUP statement) where every user
 * needs a password, so Snapdock must pass the configured one. Database {@code events} holds a
 * MergeTree table with every common column type (5 000 rows in two parts), a TinyLog table, a
 * view and a materialized view (SummingMergeTree inner table) over the MergeTree table;
 * database {@code metrics} a Memory table. Backed up online by the per-table method (SHOW CREATE
 * TABLE + Native export), then rows added, a table and a database dropped and a table created;
 * restored and compared statement by statement and row by row — and the materialized view still
 * follows its table. A truncated Native artifact fails validation and is never restored. A
 * restore that fails halfway (a table statement the server refuses) is rolled back, inside the
 * handler and from the safety snapshot, to exactly what was there before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClickhouseBackupRestoreIT {

    static final String PROJECT = "it-clickhouse-" + UUID.randomUUID().toString().substring(0, 8);
    static final String USER = "snapdock";
    static final String PASSWORD = "ch-pw&<x>'9\"z";

    @TempDir
    static Path dir;

    static ClickhouseStore ch;
    static Path config;
    static Path repo;
    static Map<String, String> atBackup;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        ch = ClickhouseStore.start(PROJECT, "warehouse", USER, PASSWORD);
        ch.sql("CREATE DATABASE events;"
                + " CREATE TABLE events.hits (d Date, ts DateTime, id UInt64, name String, score Nullable(Float64),"
                + " tags Array(String), kind Enum8('view' = 1, 'click' = 2), code FixedString(3))"
                + " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY id;"
                + " CREATE TABLE events.log (id UInt32, msg String) ENGINE = TinyLog;"
                + " CREATE VIEW events.recent AS SELECT id, name FROM events.hits WHERE id >= 4900;"
                + " CREATE MATERIALIZED VIEW events.daily ENGINE = SummingMergeTree PARTITION BY tuple() ORDER BY d"
                + " AS SELECT d, count() AS hits FROM events.hits GROUP BY d;"
                + " CREATE DATABASE metrics;"
                + " CREATE TABLE metrics.gauges (name String, value Float64) ENGINE = Memory");
        for (int part = 0; part < 2; part++) {
            ch.sql("INSERT INTO events.hits SELECT toDate('2024-01-01') + number % 60, toDateTime('2024-01-01 00:00:00')"
                    + " + number * 37, number, concat('name-', toString(number), if(number % 7 = 0, '\\ttab\\nline', '')),"
                    + " if(number % 3 = 0, NULL, number / 7), arrayMap(x -> toString(x), range(number % 4)),"
                    + " if(number % 2 = 0, 'view', 'click'), substring(hex(number), 1, 3)"
                    + " FROM system.numbers LIMIT " + (part * 2500) + ", 2500");
        }
        ch.sql("INSERT INTO events.log SELECT number, concat('line ', toString(number)) FROM system.numbers LIMIT 300;"
                + " INSERT INTO metrics.gauges SELECT concat('g', toString(number)), number * 1.5"
                + " FROM system.numbers LIMIT 1000");
        assertThat(ch.count("events.hits")).isEqualTo(5000);
        atBackup = ch.fingerprint("events", "metrics");
        assertThat(atBackup).containsKeys("events.`hits` rows", "events.`.inner.daily` rows", "events.`recent` create",
                "metrics.`gauges` rows");
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n"
                + "snapdock.stores.warehouse.user=" + USER + "\n"
                + "snapdock.stores.warehouse.password=" + PASSWORD.replace("\\", "\\\\") + "\n");
    }

    @AfterAll
    static void stop() {
        if (ch != null) {
            ch.close();
        }
    }

    static Cli.Result cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        Cli.Result r = Cli.run(all);
        assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        return r;
    }

    @Test
    @Order(1)
    void backupIsOnlinePerTableAndRecordsMethodVersionAndRows() throws Exception {
        String startedAt = Docker.startedAt(ch.containerId());
        Cli.Result r = cli("backup");
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(Docker.startedAt(ch.containerId())).as("an online backup never stops the store")
                .isEqualTo(startedAt);

        RepoFiles files = new RepoFiles(repo);
        Manifest.StoreEntry entry = files.manifest(stamp).store("warehouse");
        assertThat(entry.serverVersion).isEqualTo("18.16.1");
        assertThat(entry.tool)
                .isEqualTo("clickhouse-client 18.16.1: per table, SHOW CREATE TABLE + SELECT … FORMAT Native");
        assertThat(entry.method).isEqualTo("online");
        assertThat(entry.image).isEqualTo(ClickhouseStore.IMAGE);
        assertThat(files.artifact(stamp, "warehouse", "db-events.hits.native").rows).isEqualTo(5000L);
        assertThat(files.artifact(stamp, "warehouse", "db-events.hits.native").format).isEqualTo("clickhouse-native");
        assertThat(files.artifact(stamp, "warehouse", "db-events.log.native").rows).isEqualTo(300L);
        assertThat(files.artifact(stamp, "warehouse", "db-events.%2Einner.daily.native").rows).isPositive();
        assertThat(files.artifact(stamp, "warehouse", "db-metrics.gauges.native").rows).isEqualTo(1000L);
        assertThat(files.manifest(stamp).store("warehouse").artifacts).extracting(a -> a.name)
                .contains("db-events.schema.json", "db-metrics.schema.json", "db-default.schema.json")
                .doesNotContain("db-events.recent.native", "db-events.daily.native");

        JsonNode schema = Json.MAPPER.readTree(files.read(stamp, "warehouse", "db-events.schema.json"));
        assertThat(schema.path("database").asText()).isEqualTo("events");
        assertThat(schema.path("tables").findValuesAsText("name"))
                .containsExactly(".inner.daily", "daily", "hits", "log", "recent");
        assertThat(schema.path("tables").get(2).path("create").asText()).startsWith("CREATE TABLE events.hits")
                .contains("Enum8('view' = 1, 'click' = 2)");
        assertThat(Files.readString(repo.resolve("snapshots").resolve(stamp).resolve("validation.json")))
                .contains("\"valid\" : true");
    }

    @Test
    @Order(2)
    void restoreBringsBackEveryTableViewAndRowAndTheViewStillFollowsItsTable() throws Exception {
        ch.sql("INSERT INTO events.hits SELECT toDate('2024-06-01'), now(), 100000 + number, 'late', NULL, [],"
                + " 'view', 'abc' FROM system.numbers LIMIT 100;"
                + " DROP TABLE events.log; DROP TABLE metrics.gauges; DROP DATABASE metrics;"
                + " CREATE TABLE events.extra (x UInt8) ENGINE = TinyLog; INSERT INTO events.extra VALUES (1)");
        assertThat(ch.fingerprint("events", "metrics")).isNotEqualTo(atBackup);

        Cli.Result r = cli("restore", stamp);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("warehouse succeeded");

        assertThat(ch.fingerprint("events", "metrics")).isEqualTo(atBackup);
        assertThat(ch.databases()).containsExactly("default", "events", "metrics");
        assertThat(ch.sql("SELECT sum(hits) FROM events.daily").strip()).isEqualTo("5000");

        ch.sql("INSERT INTO events.hits SELECT toDate('2024-01-01'), now(), 200000, 'after', 1, [], 'view', 'xyz'");
        assertThat(ch.sql("SELECT sum(hits) FROM events.daily").strip())
                .as("the materialized view is attached to the restored table").isEqualTo("5001");
    }

    @Test
    @Order(3)
    void theSnapshotValidatesAndATruncatedTableIsCaughtAndNeverRestored() throws Exception {
        RepoFiles files = new RepoFiles(repo);
        byte[] hits = files.read(stamp, "warehouse", "db-events.hits.native");
        files.replace(stamp, "warehouse", "db-events.hits.native", Arrays.copyOf(hits, hits.length - 100));
        Files.deleteIfExists(repo.resolve("snapshots").resolve(stamp).resolve("validation.json"));
        Cli.Result bad = cli("validate", stamp);
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.out()).contains("invalid", "dump_truncated", "db-events.hits.native");

        Map<String, String> current = ch.fingerprint("events", "metrics");
        Cli.Result r = cli("restore", stamp, "--store", "warehouse");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("invalid").contains("dump_truncated").contains("nothing was changed");
        assertThat(ch.fingerprint("events", "metrics")).isEqualTo(current);
    }

    @Test
    @Order(4)
    void aRestoreThatFailsHalfwayIsRolledBackToWhatWasThere() throws Exception {
        Cli.Result b = cli("backup");
        assertThat(b.exit()).as(b.toString()).isZero();
        String second = b.lastLine();
        // A schema the validation accepts (it parses, every table has its statement) but whose
        // table "log" the server refuses: the restore fails after hits was loaded.
        RepoFiles files = new RepoFiles(repo);
        String schema = new String(files.read(second, "warehouse", "db-events.schema.json"), StandardCharsets.UTF_8);
        assertThat(schema).contains("ENGINE = TinyLog");
        files.replace(second, "warehouse", "db-events.schema.json",
                schema.replace("ENGINE = TinyLog", "ENGINE = NoSuchEngine").getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(repo.resolve("snapshots").resolve(second).resolve("validation.json"));

        ch.sql("INSERT INTO events.hits SELECT toDate('2024-07-01'), now(), 300000 + number, 'before the failed"
                + " restore', 2, ['k'], 'click', 'def' FROM system.numbers LIMIT 50;"
                + " CREATE TABLE events.newer (x String) ENGINE = MergeTree ORDER BY x;"
                + " INSERT INTO events.newer VALUES ('must survive')");
        Map<String, String> before = ch.fingerprint("events", "metrics");

        Cli.Result r = cli("restore", second, "--store", "warehouse");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("warehouse rolled-back").contains("NoSuchEngine");
        assertThat(ch.fingerprint("events", "metrics")).isEqualTo(before);
        assertThat(ch.databases()).containsExactly("default", "events", "metrics");
        assertThat(Docker.running(ch.containerId())).isTrue();

        ch.sql("INSERT INTO events.hits SELECT toDate('2024-01-02'), now(), 400000, 'after', 1, [], 'view', 'xyz'");
        assertThat(ch.sql("SELECT sum(hits) FROM events.daily WHERE d = toDate('2024-01-02')").strip())
                .as("the materialized view follows its table after the rollback too")
                .isEqualTo(String.valueOf(ch.count("events.hits WHERE d = toDate('2024-01-02')")));
    }
}
