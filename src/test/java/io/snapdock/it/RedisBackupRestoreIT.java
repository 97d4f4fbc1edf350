package io.snapdock.it;

import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.RepoFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two labelled Redis containers Snapdock has never seen, both with the append-only file on and
 * their settings on the command line: "cache" (type redis, port 6379) and "sessions" (type
 * valkey, port 6380 from its label, a password from the configuration). Backed up online
 * through the CLI with only a config file; then flushed and written to (so their AOFs hold
 * writes the snapshot must undo), restored, and compared key by key — type, content, expiry —
 * also after one more restart, which reloads from the AOF: the stale AOF must not win. A flipped
 * byte fails validation (SHA-256 and the RDB's own CRC-64) and such a snapshot is never restored.
 * A restore whose server comes up without the data is rolled back to the previous files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisBackupRestoreIT {

    static final String PROJECT = "it-redis-" + UUID.randomUUID().toString().substring(0, 8);
    static final String PASSWORD = "it-redis-pw-5d2b9e";

    @TempDir
    static Path dir;

    static RedisStore cache;
    static RedisStore sessions;
    static Path config;
    static Path repo;
    static Map<String, String> cacheBefore;
    static Map<String, String> sessionsBefore;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        cache.seed(3000);
        sessions = RedisStore.start(PROJECT, "sessions", Map.of("snapdock.type", "valkey"), 6380, PASSWORD);
        sessions.seed(300);
        cacheBefore = cache.fingerprint();
        sessionsBefore = sessions.fingerprint();
        assertThat(cacheBefore).hasSizeGreaterThan(3000);
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n"
                + "snapdock.stores.sessions.password=" + PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (cache != null) {
            cache.close();
        }
        if (sessions != null) {
            sessions.close();
        }
    }

    @Test
    @Order(1)
    void backupIsOnlineAndWritesAValidSnapshot() throws Exception {
        String startedAt = Docker.startedAt(cache.containerId());
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(stamp).matches("\\d{8}T\\d{6}Z");
        assertThat(Docker.startedAt(cache.containerId())).as("an online backup never stops the store")
                .isEqualTo(startedAt);

        RepoFiles files = new RepoFiles(repo);
        for (String store : new String[]{"cache", "sessions"}) {
            byte[] head = java.util.Arrays.copyOf(files.read(stamp, store, "dump.rdb"), 9);
            assertThat(new String(head, StandardCharsets.US_ASCII)).matches("REDIS\\d{4}");
        }

        Cli.Result show = Cli.run("show", stamp, "--config", config.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("\"method\" : \"online\"", "\"kind\" : \"rdb\"", "\"serverVersion\" : \"7.0.",
                "\"tool\" : \"redis-cli 7.0.", "\"image\" : \"" + RedisStore.IMAGE + "\"",
                "\"database\" : \"keys=" + cacheBefore.size() + "\"",
                "\"database\" : \"keys=" + sessionsBefore.size() + "\"",
                "\"type\" : \"valkey\"");
        assertThat(show.out() + r.out() + r.err()).doesNotContain(PASSWORD);

        Cli.Result list = Cli.run("list", "--config", config.toString());
        assertThat(list.out()).contains(stamp).contains("valid").contains("cache").contains("sessions");
    }

    @Test
    @Order(2)
    void restoreBringsBackExactlyWhatWasBackedUpAndTheStaleAofDoesNotWin() throws Exception {
        cache.damage();
        sessions.damage();
        assertThat(cache.fingerprint()).isNotEqualTo(cacheBefore);
        assertThat(sessions.fingerprint()).isNotEqualTo(sessionsBefore);

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("cache succeeded", "sessions succeeded");
        assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        assertThat(Docker.running(cache.containerId())).isTrue();

        assertThat(cache.fingerprint()).isEqualTo(cacheBefore);
        assertThat(sessions.fingerprint()).isEqualTo(sessionsBefore);
        for (RedisStore s : new RedisStore[]{cache, sessions}) {
            assertThat(s.config("appendonly")).isEqualTo("yes");
            assertThat(s.info("persistence", "aof_enabled")).isEqualTo("1");
        }

        // One more restart: the server now loads ONLY its AOF. It must hold the restored data,
        // not the writes made after the backup (nor be empty).
        try (Jedis j = cache.connect()) {
            j.set("written-after-the-restore", "kept");
        }
        DockerClientFactory.instance().client().restartContainerCmd(cache.containerId()).exec();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(cache::answers);
        Map<String, String> expected = new java.util.TreeMap<>(cacheBefore);
        Map<String, String> now = cache.fingerprint();
        assertThat(now).containsKey("db0:written-after-the-restore");
        now.remove("db0:written-after-the-restore");
        assertThat(now).isEqualTo(expected);
        String manifest = cache.container().execInContainer("cat", "/data/appendonlydir/appendonly.aof.manifest")
                .getStdout();
        assertThat(manifest).contains("type b").contains("type i");
    }

    @Test
    @Order(3)
    void theSnapshotValidates() {
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).doesNotContain("invalid").doesNotContain("rdb_");
    }

    @Test
    @Order(4)
    void aFlippedByteIsCaughtAndSuchASnapshotIsNeverRestored() throws Exception {
        // The repository would catch a flipped byte in its pack first (pack_damaged): store a
        // flipped copy with a consistent manifest, so that what finds it is the RDB's own CRC-64.
        RepoFiles files = new RepoFiles(repo);
        byte[] rdb = files.read(stamp, "cache", "dump.rdb");
        rdb[rdb.length / 2] ^= 1;
        files.replace(stamp, "cache", "dump.rdb", rdb);
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out()).contains("invalid").contains("rdb_checksum_mismatch").contains("dump.rdb");

        try (Jedis j = cache.connect()) {
            j.set("after-the-backup", "late");
        }
        Map<String, String> current = cache.fingerprint();
        Cli.Result r = Cli.run("restore", stamp, "--store", "cache", "--config", config.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("invalid").contains("rdb_checksum_mismatch").contains("nothing was changed");
        assertThat(cache.fingerprint()).isEqualTo(current);
    }

    @Test
    @Order(5)
    void aRestoreThatDoesNotServeIsRolledBackToThePreviousData() throws Exception {
        Cli.Result b = Cli.run("backup", "--store", "cache", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        String second = b.lastLine();
        // A snapshot that passes validation (SHA-256 and CRC-64 right) but whose RDB is empty
        // while its manifest says it held keys: the server starts with nothing.
        Path snap = repo.resolve("snapshots").resolve(second);
        RepoFiles files = new RepoFiles(repo);
        assertThat(files.artifact(second, "cache", "dump.rdb").database).matches("keys=[1-9]\\d*");
        files.replace(second, "cache", "dump.rdb", emptyRdb());
        Files.deleteIfExists(snap.resolve("validation.json"));
        assertThat(Cli.run("validate", second, "--config", config.toString()).exit()).isZero();

        try (Jedis j = cache.connect()) {
            j.set("written-before-the-failed-restore", "must survive");
        }
        Map<String, String> current = cache.fingerprint();
        Cli.Result r = Cli.run("restore", second, "--store", "cache", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("holds no key after the restore");
        assertThat(Docker.running(cache.containerId())).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(cache::answers);
        assertThat(cache.fingerprint()).isEqualTo(current);
        assertThat(cache.config("appendonly")).isEqualTo("yes");
        assertThat(Files.readString(dir.resolve("state/stopped-containers.json"))).doesNotContain(cache.containerId());
    }

    /** "REDIS0010", the end-of-file opcode, the CRC-64 (Jones, reflected) of both: an empty data set. */
    static byte[] emptyRdb() {
        byte[] body = "REDIS0010\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        long crc = 0;
        for (byte b : body) {
            crc ^= b & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95ac9329ac4bc9b5L : crc >>> 1;
            }
        }
        byte[] out = java.util.Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++) {
            out[body.length + i] = (byte) (crc >>> (8 * i));
        }
        return out;
    }
}
