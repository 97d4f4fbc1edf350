package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.RepoFiles;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restore that cannot make things worse, on a PostgreSQL and a Redis store: a restore through
 * the API takes a safety snapshot first and confirms it; a restore whose pg_restore loses its
 * connection halfway, and one whose Redis comes up without the data, are rolled back from the
 * safety snapshot. Each failure ends with the store holding its pre-restore content, compared
 * row by row and key by key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreSafetyIT {

    static final String PROJECT = "it-safety-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static RedisStore cache;
    static Path config;
    static Path repo;
    static String stamp;
    static Map<String, String> pgAtBackup;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, "pg", Map.of());
        pg.seed();
        // Big enough that its restore (COPY + index) lasts long enough to lose its connection halfway.
        pg.exec("postgres", "CREATE DATABASE big");
        pg.exec("big", "CREATE TABLE t AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload"
                + " FROM generate_series(1, 200000) g", "CREATE INDEX t_payload ON t (payload)");
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        cache.seed(2000);
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        int port = Ports.closed();
        Files.writeString(config, String.join("\n",
                "snapdock.repository=file:" + repo,
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.http.port=" + port, ""));
        Cli.Result b = Cli.run("backup", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        stamp = b.lastLine();
        pgAtBackup = pg.fingerprint();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    static JsonNode json(String text) throws Exception {
        return ServiceHttp.JSON.readTree(text);
    }

    static JsonNode safetySnapshots() throws Exception {
        Cli.Result r = Cli.run("list", "--safety", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return json(r.out());
    }

    @Test
    @Order(1)
    void aRestoreThroughTheApiTakesASafetySnapshotAndConfirmsIt() throws Exception {
        pg.exec("shop", "INSERT INTO customers VALUES (99999, 'written after the backup', 'late@example.org')");
        Path log = dir.resolve("serve.log");
        Process service = SnapdockProcess.start(dir, log, "serve", "--config", config.toString());
        try {
            String port = Files.readAllLines(config).stream().filter(l -> l.startsWith("snapdock.http.port="))
                    .findFirst().orElseThrow().split("=")[1];
            ServiceHttp http = new ServiceHttp("http://127.0.0.1:" + port);
            http.awaitLive(Duration.ofSeconds(120));

            // The preview: what would be replaced, by what, and what would stop; nothing changes.
            HttpResponse<String> preview = http.post("/api/restores/preview",
                    "{\"stamp\": \"latest\", \"stores\": [\"pg\", \"cache\"]}");
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            JsonNode p = json(preview.body());
            assertThat(p.path("stamp").asText()).isEqualTo(stamp);
            JsonNode pgPreview = p.path("stores").get(0);
            assertThat(pgPreview.path("name").asText()).isEqualTo("pg");
            assertThat(pgPreview.path("stops")).isEmpty();
            assertThat(pgPreview.path("current").path("databases").toString()).contains("shop", "big");
            assertThat(pgPreview.path("snapshot").path("databases").toString()).contains("shop", "big");
            JsonNode cachePreview = p.path("stores").get(1);
            assertThat(cachePreview.path("stops").toString())
                    .contains(cache.container().getContainerName().replaceFirst("^/", ""));
            assertThat(cachePreview.path("current").path("keys").asLong()).isPositive();
            assertThat(cachePreview.path("snapshot").path("keys").asLong()).isPositive();
            HttpResponse<String> dry = http.post("/api/restores",
                    "{\"stamp\": \"" + stamp + "\", \"stores\": [\"pg\"], \"dryRun\": true}");
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            assertThat(json(dry.body()).path("stores").get(0).path("name").asText()).isEqualTo("pg");
            assertThat(pg.fingerprint()).as("a preview changes nothing").isNotEqualTo(pgAtBackup);

            JsonNode run = http.runToEnd("/api/restores", "{\"stamp\": \"latest\", \"stores\": [\"pg\"]}",
                    Duration.ofMinutes(3));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            String safety = run.path("safety").asText();
            assertThat(safety).matches("\\d{8}T\\d{6}Z");
            assertThat(run.path("stores").get(0).path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("stores").get(0).path("source").asText()).isEqualTo(stamp);
            assertThat(pg.fingerprint()).isEqualTo(pgAtBackup);

            JsonNode listed = http.getJson("/api/safety-snapshots");
            JsonNode mine = null;
            for (JsonNode s : listed) {
                if (s.path("stamp").asText().equals(safety)) {
                    mine = s;
                }
            }
            assertThat(mine).as(listed.toString()).isNotNull();
            assertThat(mine.path("outcome").asText()).isEqualTo("confirmed");
            assertThat(mine.path("run").asText()).isEqualTo(run.path("id").asText());
            assertThat(mine.path("stores").toString()).contains("pg");
            assertThat(mine.path("size").asLong()).isPositive();
            assertThat(Files.exists(repo.resolve("safety").resolve(safety).resolve("manifest.json"))).isTrue();
            assertThat(http.get("/api/backups").body()).contains(stamp).doesNotContain(safety);
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    @Order(2)
    void aPgRestoreThatLosesItsConnectionHalfwayIsRolledBack() throws Exception {
        // Changes after the backup, in the database restored BEFORE the one that fails, too.
        pg.exec("analytics-db", "DELETE FROM metrics.events WHERE id > 1000");
        pg.exec("shop", "UPDATE customers SET name = 'renamed after the backup' WHERE id < 10");
        pg.exec("big", "DELETE FROM t WHERE id % 3 = 0");
        Map<String, String> before = pg.fingerprint();
        assertThat(before).isNotEqualTo(pgAtBackup);

        CompletableFuture<Cli.Result> restore = CompletableFuture.supplyAsync(
                () -> Cli.run("restore", stamp, "--store", "pg", "--config", config.toString()));
        // The tool's connection is killed while it loads database big.
        List<Integer> killed = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            try (Connection c = pg.connect("postgres");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         + " WHERE application_name = 'pg_restore' AND datname = 'big'")) {
                while (rs.next()) {
                    killed.add(1);
                }
            }
            return !killed.isEmpty() || restore.isDone();
        });
        Cli.Result r = restore.get(3, TimeUnit.MINUTES);
        assertThat(killed).as("pg_restore was caught loading big: " + r).isNotEmpty();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("pg rolled-back").contains("restored from safety snapshot");
        assertThat(pg.fingerprint()).isEqualTo(before);
        assertThat(safetySnapshots().get(0).path("outcome").asText()).isEqualTo("rolled-back");
    }

    @Test
    @Order(3)
    void aDryRunChangesNothingAndLatestRefusesWhatNoValidSnapshotHolds() throws Exception {
        String startedAt = Docker.startedAt(cache.containerId());
        Map<String, String> keys = cache.fingerprint();
        Cli.Result dry = Cli.run("restore", stamp, "--store", "cache", "--dry-run", "--config", config.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("dry run", "cache (redis) from " + stamp, "stops:",
                cache.container().getContainerName().replaceFirst("^/", ""));
        assertThat(Docker.startedAt(cache.containerId())).isEqualTo(startedAt);
        assertThat(cache.fingerprint()).isEqualTo(keys);

        Cli.Result none = Cli.run("restore", "latest", "--store", "ghost", "--config", config.toString());
        assertThat(none.exit()).as(none.toString()).isNotZero();
        assertThat(none.err()).contains("no validated snapshot holds store(s) ghost");
    }

    @Test
    @Order(4)
    void aRedisThatComesBackWithoutItsDataIsRolledBack() throws Exception {
        Cli.Result b = Cli.run("backup", "--store", "cache", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        String second = b.lastLine();
        // Consistent for validation (SHA-256 and CRC-64 right) but empty while the manifest says it held keys.
        new RepoFiles(repo).replace(second, "cache", "dump.rdb", RedisBackupRestoreIT.emptyRdb());
        Files.deleteIfExists(repo.resolve("snapshots").resolve(second).resolve("validation.json"));
        try (Jedis j = cache.connect()) {
            j.set("written-before-the-failed-restore", "must survive");
        }
        Map<String, String> before = cache.fingerprint();

        Cli.Result r = Cli.run("restore", second, "--store", "cache", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("cache rolled-back").contains("holds no key after the restore");
        assertThat(Docker.running(cache.containerId())).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(cache::answers);
        assertThat(cache.fingerprint()).isEqualTo(before);
        JsonNode latest = safetySnapshots().get(0);
        assertThat(latest.path("outcome").asText()).isEqualTo("rolled-back");
        assertThat(latest.path("restored").asText()).isEqualTo(second);
    }

    @Test
    @Order(5)
    void aStoreRestartedDuringItsRestoreIsRolledBackNotLeftEmpty() throws Exception {
        pg.exec("big", "DELETE FROM t WHERE id % 5 = 0");
        pg.exec("shop", "UPDATE customers SET name = 'renamed before the restart' WHERE id < 5");
        Map<String, String> before = pg.fingerprint();

        CompletableFuture<Cli.Result> restore = CompletableFuture.supplyAsync(
                () -> Cli.run("restore", stamp, "--store", "pg", "--config", config.toString()));
        // The whole server restarts while pg_restore loads database big (docker restart).
        boolean[] restarted = {false};
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            try (Connection c = pg.connect("postgres");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                         + " WHERE application_name = 'pg_restore' AND datname = 'big'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    org.testcontainers.DockerClientFactory.instance().client()
                            .restartContainerCmd(pg.container().getContainerId()).withTimeout(10).exec();
                    restarted[0] = true;
                }
            }
            return restarted[0] || restore.isDone();
        });
        Cli.Result r = restore.get(5, TimeUnit.MINUTES);
        assertThat(restarted[0]).as("pg_restore was caught loading big: " + r).isTrue();
        assertThat(Docker.running(pg.container().getContainerId())).isTrue();
        // Rolled back to what it held before the restore (or, if the restart came late enough, restored):
        // never empty.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> pg.fingerprint() != null);
        if (r.exit() == 0) {
            assertThat(pg.fingerprint()).as(r.toString()).isEqualTo(pgAtBackup);
        } else {
            assertThat(r.out()).as(r.toString()).contains("pg rolled-back");
            assertThat(pg.fingerprint()).isEqualTo(before);
        }
    }

    /** The readiness check of the restore journal, from /observe/health/ready?data=true. */
    static JsonNode rollbackCheck(ServiceHttp http) throws Exception {
        for (JsonNode c : json(http.get("/observe/health/ready?data=true").body()).path("checks")) {
            if (c.path("name").asText().equals("snapdock-rollbacks")) {
                return c;
            }
        }
        throw new AssertionError("no snapdock-rollbacks check");
    }

    @Test
    @Order(6)
    void aRollbackThatCannotRunNowIsPendingAlertedAndRetriedByTheServiceUntilTheStoreIsBack() throws Exception {
        pg.exec("shop", "UPDATE customers SET name = 'renamed before the outage' WHERE id < 7");
        pg.exec("big", "DELETE FROM t WHERE id % 7 = 0");
        Map<String, String> before = pg.fingerprint();
        Path quick = dir.resolve("quick-retry.properties");
        Files.writeString(quick, Files.readString(config) + String.join("\n",
                "snapdock.start.timeout-seconds=5",
                "snapdock.restore.rollback-retry-seconds=2",
                "snapdock.restore.rollback-retry-max-seconds=4", ""));
        String port = Files.readAllLines(config).stream().filter(l -> l.startsWith("snapdock.http.port="))
                .findFirst().orElseThrow().split("=")[1];
        ServiceHttp http = new ServiceHttp("http://127.0.0.1:" + port);
        Process service = SnapdockProcess.start(dir, dir.resolve("serve-retry.log"), "serve", "--config",
                quick.toString());
        String pgId = pg.container().getContainerId();
        try {
            http.awaitLive(Duration.ofSeconds(120));
            HttpResponse<String> started = http.post("/api/restores",
                    "{\"stamp\": \"" + stamp + "\", \"stores\": [\"pg\"]}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = json(started.body()).path("id").asText();
            // The server goes down (docker stop) while pg_restore loads database big, and stays down
            // longer than the rollback may wait for it.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
                try (Connection c = pg.connect("postgres");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                             + " WHERE application_name = 'pg_restore' AND datname = 'big'")) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            });
            org.testcontainers.DockerClientFactory.instance().client().stopContainerCmd(pgId).withTimeout(10).exec();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.getJson("/api/runs/" + id).path("status").asText().equals("failed"));
            JsonNode item = http.getJson("/api/runs/" + id).path("stores").get(0);
            assertThat(item.path("status").asText()).as(item.toString()).isEqualTo("rollback-pending");
            assertThat(item.path("rollback").asText()).contains("while Snapdock serves");

            // Alerted: readiness DOWN naming the store, a dead-letter record, the journal in the API.
            JsonNode down = rollbackCheck(http);
            assertThat(down.path("status").asText()).as(down.toString()).isEqualTo("DOWN");
            assertThat(down.path("message").asText()).contains("store pg: rollback pending");
            assertThat(http.get("/api/failures").body()).contains("roll-back-store", "rollback pending");
            JsonNode journal = http.getJson("/api/restore-journal");
            assertThat(journal).as(journal.toString()).hasSize(1);
            assertThat(journal.get(0).path("state").asText()).isEqualTo("rollback-pending");
            assertThat(journal.get(0).path("storeIdentity").asText()).startsWith("postgres@");
            assertThat(http.delete("/api/restore-journal/" + id + "/pg").statusCode())
                    .as("a pending rollback is never dismissed").isEqualTo(409);
            // While the store is down the service keeps trying (the attempts grow), touching nothing else.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.getJson("/api/restore-journal").path(0).path("attempts").asInt() >= 2);

            // The store is back: the next retry puts it back to its pre-restore content, no restart of Snapdock.
            org.testcontainers.DockerClientFactory.instance().client().startContainerCmd(pgId).exec();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.getJson("/api/restore-journal").isEmpty());
            JsonNode after = http.getJson("/api/runs/" + id).path("stores").get(0);
            assertThat(after.path("status").asText()).as(after.toString()).isEqualTo("rolled-back");
            assertThat(pg.fingerprint()).isEqualTo(before);
            assertThat(rollbackCheck(http).path("status").asText()).isEqualTo("UP");
            String safety = http.getJson("/api/runs/" + id).path("safety").asText();
            JsonNode outcome = null;
            for (JsonNode s : http.getJson("/api/safety-snapshots")) {
                if (s.path("stamp").asText().equals(safety)) {
                    outcome = s.path("outcome");
                }
            }
            assertThat(outcome).as("safety snapshot " + safety).isNotNull();
            assertThat(outcome.asText()).isEqualTo("rolled-back");
        } finally {
            if (!Docker.running(pgId)) {
                org.testcontainers.DockerClientFactory.instance().client().startContainerCmd(pgId).exec();
            }
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    @Order(7)
    void aJournalEntryOfAnotherRepositoryIsParkedNeverAppliedToTheStoreOfTheSameName() throws Exception {
        Map<String, String> before = pg.fingerprint();
        Path db = dir.resolve("state").resolve("snapdock.db");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO restore_journal (run_id, store, stamp, safety, source, pid, host, owner, at,"
                    + " repository_id, store_identity) VALUES ('stale-run', 'pg', '" + stamp + "', '" + stamp
                    + "', 'primary', 2147480000, '" + io.snapdock.model.Host.NAME + "', 'x', '2026-01-01T00:00:00Z',"
                    + " 'a-repository-long-gone',"
                    + " 'postgres@" + pg.container().getContainerName().replaceFirst("^/", "") + "')");
        }
        Cli.Result r = Cli.run("list", "--safety", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Restore journal", "pg", "parked", "a-repository-long-gone");
        assertThat(pg.fingerprint()).as("nothing applied to the store").isEqualTo(before);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM restore_journal WHERE run_id = 'stale-run'");
        }
    }
}
