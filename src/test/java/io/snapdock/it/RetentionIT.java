package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Manifest;
import io.snapdock.model.PruneReport;
import io.snapdock.model.Stamp;
import io.snapdock.repo.backend.Repositories;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.RepositoryCheck;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.retention.Prune;
import io.snapdock.retention.RetentionSettings;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.S3ProxyServer;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Retention and garbage collection on a real PostgreSQL store and a local-folder repository.
 * <p>
 * The history is made from three real backups of three different contents (X, Y, Z): Z stays
 * where it is (now); the folders of X and Y are copied under past stamps (their manifests and
 * validations with the stamp rewritten, the chunks shared) and the originals removed, so that
 * X's content is needed only by snapshots the rules delete. Then {@code prune --dry-run} must
 * print the exact plan, {@code prune} must leave exactly the planned snapshots (each restores to
 * its content), free X's packs, and leave a repository {@code check --read-data} passes. Last, a
 * backup running in another process while a prune starts (grace period 0, so only the repository
 * lock protects it): the prune waits, and both the new and the old snapshot restore. And on an
 * S3 server (S3Proxy): the grace period reads the objects' Last-Modified, the lock files live in
 * the bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {

    static final String PROJECT = "it-retention-" + UUID.randomUUID().toString().substring(0, 8);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static PostgresStore db;
    static Path repo;
    static Path config;
    static Path keepAll;
    static String z;
    static String y1;
    static Map<String, String> fpY;
    static Map<String, String> fpZ;

    @BeforeAll
    static void start() throws Exception {
        db = PostgresStore.startLabelled(PROJECT, "db", Map.of());
        db.exec("postgres", "CREATE DATABASE app");
        repo = dir.resolve("repo");
        config = writeConfig("snapdock.properties", 1);
        keepAll = writeConfig("keep-all.properties", 10);
    }

    static Path writeConfig(String name, int minKeep) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "snapdock.repository=file:" + repo,
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.chunking.average-kib=256",
                // Packs of 1 MiB: a backup uploads packs while it runs, not only at its end.
                "snapdock.repository.pack-size-mib=1",
                "snapdock.retention.daily=2",
                "snapdock.retention.weekly=0",
                "snapdock.retention.monthly=0",
                "snapdock.retention.min-keep=" + minKeep,
                "snapdock.retention.safety-days=14",
                // No grace period: only the repository lock keeps a running backup's packs.
                "snapdock.gc.grace-minutes=0",
                "snapdock.lock.wait-seconds=180") + "\n");
        return file;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Replaces table t of database app with {@code rows} rows of random text: content no earlier version shares. */
    static Map<String, String> load(int rows) throws Exception {
        db.exec("app", "DROP TABLE IF EXISTS t",
                "CREATE TABLE t AS SELECT g AS id, md5(random()::text) || md5(random()::text) AS payload"
                        + " FROM generate_series(1, " + rows + ") g");
        return db.fingerprint();
    }

    static String backup(Path conf) {
        Cli.Result r = Cli.run("backup", "--config", conf.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.lastLine();
    }

    /** Copies snapshot {@code from} to {@code area/to} (manifest and validation with the stamp rewritten). */
    static void copy(String from, String area, String to, Map<String, String> extra) throws IOException {
        Path src = repo.resolve("snapshots").resolve(from);
        Path dst = repo.resolve(area).resolve(to);
        Files.createDirectories(dst);
        for (String f : List.of("started.json", "validation.json", "manifest.json")) {
            if (Files.exists(src.resolve(f))) {
                Files.writeString(dst.resolve(f), Files.readString(src.resolve(f)).replace(from, to));
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            Files.writeString(dst.resolve(e.getKey()), e.getValue());
        }
    }

    static void removeFolder(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static List<String> folders(String area) throws IOException {
        Path p = repo.resolve(area);
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> {
                try (Stream<Path> inside = Files.list(f)) {
                    return inside.findAny().isPresent();
                } catch (IOException e) {
                    return false;
                }
            }).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static long dataBytes() throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static String day(String stamp) {
        return LocalDate.ofInstant(Stamp.toInstant(stamp), ZoneOffset.UTC).toString();
    }

    static Map<String, String> plan(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode d : report.path("plan").path("decisions")) {
            List<String> reasons = new ArrayList<>();
            d.path("reasons").forEach(r -> reasons.add(r.asText()));
            out.put(d.path("area").asText() + "/" + d.path("stamp").asText(),
                    (d.path("keep").asBoolean() ? "KEEP " : "DELETE ") + String.join(", ", reasons));
        }
        return out;
    }

    static void restoreAndCompare(String stamp, Map<String, String> expected) throws Exception {
        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(db.fingerprint()).as("database after restoring " + stamp).isEqualTo(expected);
    }

    @Test
    @Order(1)
    void pruneDeletesExactlyWhatItPlannedAndCollectsTheirPacks() throws Exception {
        load(40_000);
        String x = backup(config);
        fpY = load(40_000);
        String y = backup(config);
        fpZ = load(40_000);
        z = backup(config);

        Instant now = Stamp.toInstant(z);
        y1 = Stamp.of(now.minus(Duration.ofDays(1)));
        String u2 = Stamp.of(now.minus(Duration.ofDays(2)));
        String x3 = Stamp.of(now.minus(Duration.ofDays(3)));
        String x40 = Stamp.of(now.minus(Duration.ofDays(40)));
        String y5 = Stamp.of(now.minus(Duration.ofDays(5)));
        String x20 = Stamp.of(now.minus(Duration.ofDays(20)));
        copy(y, "snapshots", y1, Map.of());
        copy(x, "snapshots", x3, Map.of());
        copy(x, "snapshots", x40, Map.of());
        copy(y, "safety", y5, Map.of());
        copy(x, "safety", x20, Map.of("outcome.json", "{\"state\":\"confirmed\",\"run\":\"r1\",\"restored\":\"" + x3
                + "\",\"at\":\"" + now.minus(Duration.ofDays(20)) + "\"}"));
        Path unfinished = Files.createDirectories(repo.resolve("snapshots").resolve(u2));
        Files.writeString(unfinished.resolve("started.json"), "{}");
        removeFolder(repo.resolve("snapshots").resolve(x));
        removeFolder(repo.resolve("snapshots").resolve(y));
        String store = JSON.readTree(repo.resolve("snapshots").resolve(z).resolve("manifest.json").toFile())
                .path("stores").get(0).path("name").asText();

        Map<String, String> expected = new TreeMap<>(Map.of(
                "snapshots/" + z, "KEEP daily " + day(z) + ", min-keep, last-valid " + store,
                "snapshots/" + y1, "KEEP daily " + day(y1),
                "snapshots/" + u2, "DELETE unfinished",
                "snapshots/" + x3, "DELETE no rule keeps it",
                "snapshots/" + x40, "DELETE no rule keeps it",
                "safety/" + y5, "KEEP safety pending",
                "safety/" + x20, "DELETE safety confirmed, older than 14d"));

        Cli.Result dry = Cli.run("prune", "--dry-run", "--json", "--config", config.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(plan(JSON.readTree(dry.out()))).containsExactlyEntriesOf(expected);
        assertThat(folders("snapshots")).as("a dry run deletes nothing").hasSize(5);
        Cli.Result table = Cli.run("prune", "--dry-run", "--config", config.toString());
        assertThat(table.out()).contains("STAMP").containsPattern(x40 + "\\s+DELETE\\s+no rule keeps it")
                .containsPattern("safety/" + y5 + "\\s+KEEP\\s+safety pending");

        long before = dataBytes();
        Cli.Result prune = Cli.run("prune", "--json", "--config", config.toString());
        assertThat(prune.exit()).as(prune.toString()).isZero();
        JsonNode report = JSON.readTree(prune.out());
        assertThat(plan(report)).containsExactlyEntriesOf(expected);
        assertThat(report.path("snapshotsDeleted").asInt()).isEqualTo(4);
        assertThat(report.path("gc").path("packsDeleted").asInt()).isPositive();
        assertThat(report.path("gc").path("bytesFreed").asLong()).isPositive();

        assertThat(folders("snapshots")).containsExactlyInAnyOrder(z, y1);
        assertThat(folders("safety")).containsExactly(y5);
        long after = dataBytes();
        assertThat(after).as("repository data shrank by X's packs").isLessThan(before * 3 / 4);
        assertThat(before - after).isEqualTo(report.path("gc").path("bytesFreed").asLong());

        Cli.Result check = Cli.run("check", "--read-data", "--config", config.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).doesNotContain("warning");
        for (String stamp : List.of(z, y1)) {
            Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
            assertThat(v.exit()).as(v.toString()).isZero();
        }
        restoreAndCompare(y1, fpY);
        restoreAndCompare(z, fpZ);

        // The run is in the history with what it deleted.
        Cli.Result again = Cli.run("prune", "--json", "--config", config.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.out()).path("snapshotsDeleted").asInt()).as("a second prune finds nothing")
                .isZero();
    }

    @Test
    @Order(2)
    void aBackupRunningDuringAPruneKeepsItsPacks() throws Exception {
        Map<String, String> fpW = load(300_000);
        List<String> stampsBefore = folders("snapshots");
        long packsBefore = packCount();
        Path log = dir.resolve("backup.log");
        Process backup = SnapdockProcess.start(dir, log, "backup", "--config", keepAll.toString());
        try {
            // Mid-way: its shared lock is there and it has uploaded packs no index lists yet.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> lockFiles() > 0 && packCount() > packsBefore);
            assertThat(backup.isAlive()).as("the backup is still running when the prune starts").isTrue();

            Cli.Result prune = Cli.run("prune", "--json", "--config", keepAll.toString());

            assertThat(prune.exit()).as(prune.toString()).isZero();
            assertThat(backup.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(backup.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
            List<String> now = new ArrayList<>(folders("snapshots"));
            now.removeAll(stampsBefore);
            assertThat(now).hasSize(1);
            String w = now.get(0);
            // The prune waited for the backup: it planned with the new snapshot complete, and deleted nothing of it.
            assertThat(plan(JSON.readTree(prune.out()))).containsEntry("snapshots/" + w,
                    "KEEP daily " + day(w) + ", min-keep, last-valid " + "db");
            assertThat(lockFiles()).isZero();

            Cli.Result check = Cli.run("check", "--read-data", "--config", config.toString());
            assertThat(check.exit()).as(check.toString()).isZero();
            restoreAndCompare(w, fpW);
            restoreAndCompare(z, fpZ);
        } finally {
            if (backup.isAlive()) {
                backup.destroyForcibly();
            }
        }
    }

    /** A snapshot of store main with one artifact, written straight through the repository API. */
    static void write(Snapshots snapshots, String stamp, byte[] content) throws IOException {
        io.snapdock.testsupport.StoredSnapshot.write(snapshots, stamp, "all.dump", content);
    }

    @Test
    @Order(3)
    void onS3TheLockAndTheGracePeriodHoldThroughTheBucket() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            s3.createBucket("retention");
            Path conf = Files.writeString(dir.resolve("s3.properties"), String.join("\n",
                    "snapdock.repository=s3://retention/repo",
                    "snapdock.s3.endpoint=" + s3.endpoint(),
                    "snapdock.s3.access-key=" + s3.accessKey(),
                    "snapdock.s3.secret-key=" + s3.secretKey()) + "\n");
            Repository bucket = Repositories.open(SnapdockConfig.load(conf));
            Snapshots snapshots = new Snapshots(bucket,
                    new Snapshots.ContentSettings(null, 64 * 1024, 3, 1024 * 1024));
            byte[] one = new byte[300_000];
            byte[] two = new byte[300_000];
            new Random(1).nextBytes(one);
            new Random(2).nextBytes(two);
            write(snapshots, "20261101T000000Z", one);
            write(snapshots, "20261102T000000Z", two);
            bucket.delete("snapshots/20261101T000000Z/manifest.json");
            Prunes settings = new Prunes();

            // Young packs (S3 Last-Modified: just now) are kept by the grace period.
            PruneReport young = settings.prune(snapshots, Duration.ofMinutes(60), Duration.ZERO).run();
            assertThat(young.gc.packsDeleted).isZero();
            assertThat(young.gc.packsKeptYoung).isEqualTo(2);

            // A backup's shared lock in the bucket keeps an exclusive prune out.
            try (RepositoryLock backupLock = RepositoryLock.shared(bucket, "backup",
                    new RepositoryLock.Settings(Duration.ofMinutes(30), Duration.ZERO))) {
                assertThatThrownBy(() -> settings.prune(snapshots, Duration.ZERO, Duration.ZERO).run())
                        .hasMessageContaining("is locked by a shared lock of a backup");
            }
            PruneReport pruned = settings.prune(snapshots, Duration.ZERO, Duration.ZERO).run();
            assertThat(pruned.gc.packsDeleted).isEqualTo(1);
            assertThat(bucket.list("data/")).hasSize(1);
            assertThat(bucket.children("locks/")).isEmpty();
            Snapshots fresh = new Snapshots(bucket,
                    new Snapshots.ContentSettings(null, 64 * 1024, 3, 1024 * 1024));
            Manifest m = fresh.manifest("20261102T000000Z");
            try (InputStream in = fresh.readArtifact(m.stamp, "main", m.stores.get(0).artifacts.get(0))) {
                assertThat(in.readAllBytes()).isEqualTo(two);
            }
            assertThat(new RepositoryCheck(fresh).run(true).errors).isEmpty();
        }
    }

    /** Default retention rules with the given grace period and lock wait. */
    static final class Prunes {
        Prune prune(Snapshots snapshots, Duration grace, Duration wait) {
            RetentionSettings d = RetentionSettings.DEFAULTS;
            return new Prune(snapshots, new RetentionSettings(d.daily(), d.weekly(),
                    d.monthly(), d.minKeep(), null, d.safetyDays(), grace),
                    new RepositoryLock.Settings(Duration.ofMinutes(30), wait), 50);
        }
    }

    static long packCount() throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            return s.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".tmp-")).count();
        }
    }

    static long lockFiles() throws IOException {
        Path locks = repo.resolve("locks");
        if (!Files.isDirectory(locks)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(locks)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }
}
