package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.S3ProxyServer;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup or restore interrupted from outside, with the repository in S3: the S3 server goes away
 * while a PostgreSQL backup streams into it (nothing half-written is listed; the next backup and
 * check pass), and while a PostgreSQL restore reads from it (the rollback cannot read the safety snapshot either: it is
 * completed by the next start, once S3 is back), and the Snapdock process is killed with SIGKILL
 * while it restores a Redis store with the container stopped (the next start starts the
 * container and rolls the store back). Both end with the store's pre-restore content.
 */
class RestoreCrashIT {

    static final String PROJECT = "it-crash-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUCKET = "crash";

    @TempDir
    static Path dir;

    static S3ProxyServer s3;
    static int s3Port;
    static PostgresStore pg;
    static RedisStore cache;
    static Path config;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket(BUCKET);
        s3Port = s3.port();
        pg = PostgresStore.startLabelled(PROJECT, "pg", Map.of());
        pg.seed();
        pg.exec("postgres", "CREATE DATABASE big");
        pg.exec("big", "CREATE TABLE t AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload"
                + " FROM generate_series(1, 200000) g", "CREATE INDEX t_payload ON t (payload)");
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        cache.seed(3000);
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=s3://" + BUCKET + "/p",
                "snapdock.s3.endpoint=" + s3.endpoint(),
                "snapdock.s3.access-key=" + s3.accessKey(),
                "snapdock.s3.secret-key=" + s3.secretKey(),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT, ""));
        Cli.Result b = Cli.run("backup", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        stamp = b.lastLine();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (cache != null) {
            cache.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static JsonNode safetySnapshots() throws Exception {
        Cli.Result r = Cli.run("list", "--safety", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return ServiceHttp.JSON.readTree(r.out());
    }

    @Test
    void s3GoingAwayMidRestoreEndsWithThePreRestoreContent() throws Exception {
        pg.exec("analytics-db", "DELETE FROM metrics.events WHERE id > 500");
        pg.exec("big", "DELETE FROM t WHERE id % 5 = 0");
        Map<String, String> before = pg.fingerprint();

        CompletableFuture<Cli.Result> restore = CompletableFuture.supplyAsync(
                () -> Cli.run("restore", stamp, "--store", "pg", "--config", config.toString()));
        // Once pg_restore loads database big (analytics-db is replaced already), S3 goes away.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            try (Connection c = pg.connect("postgres");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM pg_stat_activity WHERE application_name = 'pg_restore'"
                         + " AND datname = 'big'")) {
                return rs.next() || restore.isDone();
            }
        });
        assertThat(restore.isDone()).as("the restore was still reading").isFalse();
        s3.stop();
        Cli.Result r = restore.get(5, TimeUnit.MINUTES);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("pg rollback-pending")
                .contains("and at its next start");

        // S3 back: the next command's start-up rolls the store back from the safety snapshot.
        s3 = S3ProxyServer.start(dir.resolve("s3"), s3Port);
        JsonNode latest = safetySnapshots().get(0);
        assertThat(latest.path("outcome").asText()).as(latest.toString()).isEqualTo("rolled-back");
        assertThat(latest.path("restored").asText()).isEqualTo(stamp);
        assertThat(pg.fingerprint()).isEqualTo(before);
    }

    /** The stamps `list` shows as restorable (a manifest, complete). */
    static java.util.Set<String> restorable() throws Exception {
        Cli.Result r = Cli.run("list", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (JsonNode s : ServiceHttp.JSON.readTree(r.out())) {
            if (s.path("complete").asBoolean()) {
                out.add(s.path("stamp").asText());
            }
        }
        return out;
    }

    @Test
    void s3GoingAwayMidUploadLeavesNothingHalfListedAndTheNextBackupWorks() throws Exception {
        java.util.Set<String> before = restorable();
        CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(
                () -> Cli.run("backup", "--store", "pg", "--config", config.toString()));
        // pg_dump streams database big straight into S3 (online: nothing staged): S3 goes away then.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            try (Connection c = pg.connect("postgres");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM pg_stat_activity WHERE application_name = 'pg_dump'"
                         + " AND datname = 'big'")) {
                return rs.next() || backup.isDone();
            }
        });
        assertThat(backup.isDone()).as("the backup was still uploading").isFalse();
        s3.stop();
        Cli.Result r;
        try {
            r = backup.get(5, TimeUnit.MINUTES);
        } finally {
            s3 = S3ProxyServer.start(dir.resolve("s3"), s3Port);
        }
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(Docker.running(pg.container().getContainerId())).isTrue();
        assertThat(restorable()).as("nothing half-written is listed as restorable").isEqualTo(before);

        Cli.Result again = Cli.run("backup", "--store", "pg", "--config", config.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        Cli.Result check = Cli.run("check", "--config", config.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        System.out.println("fault-matrix e postgres: " + r.toString().lines().filter(l -> l.contains("S3"))
                .findFirst().orElse("backup failed") + "; nothing listed; the next backup and check pass");
    }

    @Test
    void aSnapdockKilledMidRestoreIsRolledBackAtItsNextStart() throws Exception {
        try (Jedis j = cache.connect()) {
            j.set("written-after-the-backup", "must survive the interrupted restore");
            j.del("s:1", "s:2");
        }
        Map<String, String> before = cache.fingerprint();
        Path log = dir.resolve("killed.log");
        Process p = SnapdockProcess.start(dir, log, "restore", stamp, "--store", "cache", "--config",
                config.toString());
        // The restore stops the container to put the data in: kill -9 Snapdock then.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !Docker.running(cache.containerId()) || !p.isAlive());
        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Snapdock starts again (any command): container started, store rolled back, run closed.
        Cli.Result next = SnapdockProcess.run(dir, "list", "--safety", "--json", "--config", config.toString());
        assertThat(next.exit()).as(next.toString()).isZero();
        JsonNode latest = ServiceHttp.JSON.readTree(next.out()).get(0);
        assertThat(latest.path("stores").toString()).as(next.toString()).contains("cache");
        assertThat(latest.path("outcome").asText()).as(next.toString()).isEqualTo("rolled-back");
        assertThat(Docker.running(cache.containerId())).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(cache::answers);
        assertThat(cache.fingerprint()).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/snapdock.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT status, record FROM runs WHERE kind = 'restore' ORDER BY created DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("failed");
            assertThat(rs.getString(2)).contains("\"status\" : \"rolled-back\"").contains("interrupted");
            try (ResultSet open = s.executeQuery("SELECT count(*) FROM restore_journal WHERE store = 'cache'")) {
                assertThat(open.getInt(1)).isZero();
            }
        }
    }
}
