package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdock.repo.content.RepositoryKey;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.RepoFiles;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The content-addressed, encrypted repository with real stores: PostgreSQL, Redis and a volume
 * folder in one compose project, backed up into an S3 server (S3Proxy) under a key. A second
 * backup after ~1 % of the rows changed adds only a small fraction of the first; each snapshot
 * restores identically on its own; check --read-data passes; a wrong key is refused before any
 * store is touched; a flipped byte in a pack is named by check, validate and restore.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentRepositoryIT {

    static final String PROJECT = "it-content-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUCKET = "content";

    @TempDir
    static Path dir;

    static S3ProxyServer s3;
    static PostgresStore db;
    static RedisStore cache;
    static GenericContainer<?> files;
    static Path config;
    static RepositoryKey key;
    static String first;
    static String second;
    static Map<String, Object> atFirst;
    static Map<String, Object> atSecond;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        db = PostgresStore.startLabelled(PROJECT, "db", Map.of());
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        files = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "files"));
        files.start();
        // ~300,000 rows (a dump of some 30 MB), so that chunks of ~1 MiB have something to share.
        db.exec("postgres", "CREATE DATABASE app");
        db.exec("app", "CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)",
                "INSERT INTO events SELECT g, timestamp '2026-01-01' + g * interval '1 second',"
                        + " md5(g::text) || md5((g * 7)::text) || ' event payload ' || g FROM generate_series(1, 300000) g",
                // Compacted, as after a restore: without it the free space the bulk load left in every page
                // takes the new rows, and a 1 % change is spread over the last several MB of the dump.
                "VACUUM FULL events",
                // No autovacuum either: on a slow machine it runs before the update, records the few free
                // bytes of every page in the free space map, and the updated rows land all over the table
                // (4.8 MB added instead of 0.7 MB): the layout of the dump, not what deduplication saves.
                "ALTER TABLE events SET (autovacuum_enabled = false)");
        cache.seed(5000);
        AppContainer.sh(files, "mkdir -p /data/index && head -c 3000000 /dev/urandom > /data/index/vectors.bin"
                + " && echo '{\"collections\": 1}' > /data/index/meta.json");

        Path keyFile = dir.resolve("snapdock.key");
        Cli.Result keygen = Cli.run("keygen", "--output", keyFile.toString());
        assertThat(keygen.exit()).as(keygen.toString()).isZero();
        key = RepositoryKey.read(keyFile);
        assertThat(Cli.run("keygen", "--output", keyFile.toString()).exit()).as("never overwrites a key").isEqualTo(2);
        Cli.Result printed = Cli.run("keygen");
        assertThat(printed.exit()).isZero();
        assertThat(printed.out()).containsPattern("(?m)^snapdock-key-v1:[A-Za-z0-9+/]{43}=$").doesNotContain(key.id());
        config = writeConfig("snapdock.properties", keyFile);
    }

    static Path writeConfig(String name, Path keyFile) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "snapdock.repository=s3://" + BUCKET + "/backups",
                "snapdock.s3.endpoint=" + s3.endpoint(),
                "snapdock.s3.access-key=" + s3.accessKey(),
                "snapdock.s3.secret-key=" + s3.secretKey(),
                "snapdock.encryption.key-file=" + keyFile,
                // Chunks of 256 KiB on average: the data here is tens of MB, not the GBs 1 MiB is made for.
                "snapdock.chunking.average-kib=256",
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT) + "\n");
        return file;
    }

    @AfterAll
    static void stop() {
        files.stop();
        cache.close();
        db.close();
        s3.close();
    }

    static Map<String, Object> fingerprints() throws Exception {
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("db", db.fingerprint());
        fp.put("cache", cache.fingerprint());
        fp.put("files", AppContainer.tree(files));
        return fp;
    }

    static JsonNode listed(String stamp) throws Exception {
        Cli.Result list = Cli.run("list", "--json", "--config", config.toString());
        assertThat(list.exit()).as(list.toString()).isZero();
        for (JsonNode s : new ObjectMapper().readTree(list.out())) {
            if (s.path("stamp").asText().equals(stamp)) {
                return s;
            }
        }
        throw new AssertionError(stamp + " not listed: " + list.out());
    }

    @Test
    @Order(1)
    void aRepeatBackupAfterOnePercentChangedAddsOnlyASmallFraction() throws Exception {
        atFirst = fingerprints();
        Cli.Result one = Cli.run("backup", "--config", config.toString());
        assertThat(one.exit()).as(one.toString()).isZero();
        first = one.lastLine();

        // ~1 % of the rows: 1,500 updated, 1,500 inserted; a few Redis keys; one file appended to.
        db.exec("app", "UPDATE events SET payload = payload || ' (edited)' WHERE id BETWEEN 150001 AND 151500",
                "INSERT INTO events SELECT g, now(), 'new ' || g FROM generate_series(300001, 301500) g");
        try (Jedis j = cache.connect()) {
            for (int i = 0; i < 50; i++) {
                j.set("changed:" + i, "value " + i);
            }
        }
        AppContainer.sh(files, "echo '{\"collections\": 2}' >> /data/index/meta.json");
        atSecond = fingerprints();
        Cli.Result two = Cli.run("backup", "--config", config.toString());
        assertThat(two.exit()).as(two.toString()).isZero();
        second = two.lastLine();

        JsonNode a = listed(first);
        JsonNode b = listed(second);
        System.out.printf("first backup: %d bytes of dumps, %d bytes added to the repository%n",
                a.path("size").asLong(), a.path("added").asLong());
        System.out.printf("second backup: %d bytes of dumps, %d bytes added to the repository%n",
                b.path("size").asLong(), b.path("added").asLong());
        assertThat(a.path("size").asLong()).isGreaterThan(25_000_000L);
        assertThat(b.path("added").asLong()).as("the repeat backup adds a small fraction")
                .isLessThan(a.path("added").asLong() / 4);
        assertThat(a.path("encryption").asText()).isEqualTo("aes-256-gcm, key id " + key.id());
        assertThat(Cli.run("list", "--config", config.toString()).out()).contains(second + "   valid");

        // Nothing in the bucket reveals the content: no plain dump, no readable rows.
        Path bucket = s3.baseDir().resolve(BUCKET);
        try (var walk = Files.walk(bucket)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/data/")).toList()) {
                assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain("event payload").doesNotContain("PGDMP");
            }
        }
    }

    @Test
    @Order(2)
    void eachSnapshotRestoresIdenticallyOnItsOwn() throws Exception {
        db.exec("app", "DROP TABLE events");
        cache.damage();
        AppContainer.sh(files, "rm -rf /data/index");

        Cli.Result r1 = Cli.run("restore", first, "--config", config.toString());
        assertThat(r1.exit()).as(r1.toString()).isZero();
        assertThat(fingerprints()).isEqualTo(atFirst);

        Cli.Result r2 = Cli.run("restore", second, "--config", config.toString());
        assertThat(r2.exit()).as(r2.toString()).isZero();
        assertThat(fingerprints()).isEqualTo(atSecond);
    }

    @Test
    @Order(3)
    void checkWithReadDataPasses() {
        Cli.Result c = Cli.run("check", "--read-data", "--config", config.toString());
        assertThat(c.exit()).as(c.toString()).isZero();
        assertThat(c.out()).startsWith("ok").contains("2 snapshot(s)").contains("read and authenticated")
                .contains("aes-256-gcm, key id " + key.id());
    }

    @Test
    @Order(4)
    void aWrongKeyIsRefusedBeforeAnyStoreIsTouched() throws Exception {
        Path wrongKey = dir.resolve("wrong.key");
        Files.writeString(wrongKey, RepositoryKey.generate().fileText());
        Path wrong = writeConfig("wrong.properties", wrongKey);
        db.exec("app", "INSERT INTO events VALUES (999999, now(), 'after the backups')");
        Map<String, Object> current = fingerprints();
        String started = Docker.startedAt(files.getContainerId());

        Cli.Result restore = Cli.run("restore", second, "--config", wrong.toString());
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(2);
        assertThat(restore.err()).contains("is not the key of repository").contains("key id " + key.id())
                .contains("nothing was changed");
        Cli.Result backup = Cli.run("backup", "--config", wrong.toString());
        assertThat(backup.exit()).as(backup.toString()).isEqualTo(2);
        Cli.Result noKey = Cli.run("validate", second, "--config",
                writeConfig("nokey.properties", Path.of("")).toString());
        assertThat(noKey.exit()).as(noKey.toString()).isEqualTo(2);
        assertThat(noKey.err()).contains("is encrypted (key id " + key.id());

        assertThat(fingerprints()).isEqualTo(current);
        assertThat(Docker.startedAt(files.getContainerId())).isEqualTo(started);
        assertThat(Cli.run("list", "--config", config.toString()).out().lines().filter(l -> l.matches("\\d{8}T.*")))
                .hasSize(2);
    }

    @Test
    @Order(5)
    void aFlippedByteInAPackIsNamedAndNothingIsRestoredFromIt() throws Exception {
        RepoFiles repo = new RepoFiles(s3.baseDir().resolve(BUCKET).resolve("backups"), key);
        String chunk = repo.middleChunk(second, "db", "db-app.dump");
        boolean shared = repo.artifact(first, "db", "db-app.dump").chunks.contains(chunk);
        String pack = repo.damage(second, "db", "db-app.dump");

        Cli.Result shallow = Cli.run("check", "--config", config.toString());
        assertThat(shallow.exit()).as(shallow.toString()).isZero();
        Cli.Result deep = Cli.run("check", "--read-data", "--config", config.toString());
        assertThat(deep.exit()).as(deep.toString()).isEqualTo(1);
        assertThat(deep.out()).contains("pack_damaged").contains("pack " + pack).contains("authentication");

        Map<String, Object> current = fingerprints();
        Cli.Result restore = Cli.run("restore", second, "--store", "db", "--config", config.toString());
        assertThat(restore.exit()).as(restore.toString()).isNotZero();
        assertThat(restore.err()).contains("pack_damaged").contains("nothing was changed");
        Cli.Result validate = Cli.run("validate", second, "--config", config.toString());
        assertThat(validate.out()).contains("pack " + pack);
        assertThat(fingerprints()).isEqualTo(current);

        // The first snapshot shares most chunks: unless it needs the damaged one, it still restores.
        // (Without a safety snapshot: the live database holds what the second snapshot holds, so
        // its safety snapshot would reuse the damaged chunk, be invalid, and the restore refused.)
        Cli.Result older = Cli.run("restore", first, "--store", "db", "--no-safety-snapshot", "--config",
                config.toString());
        System.out.println("damaged chunk " + chunk + (shared ? " is" : " is not") + " shared with " + first);
        if (shared) {
            assertThat(older.exit()).as(older.toString()).isNotZero();
            assertThat(fingerprints()).isEqualTo(current);
        } else {
            assertThat(older.exit()).as(older.toString()).isZero();
            assertThat(db.fingerprint()).isEqualTo(atFirst.get("db"));
        }
    }
}
