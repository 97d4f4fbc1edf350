package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.RepoFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A labelled application container with a WAL-mode SQLite database, written by the app user,
 * backed up online through the CLI with only a config file WHILE a writer keeps inserting.
 *
 * <p>What "right" means for an online copy: the artifact is the database as it was at one
 * instant during the backup. Rows are only appended (ids 1, 2, 3 … without gaps), so that
 * instant is identified by the artifact's highest id M: the artifact must hold exactly ids 1..M
 * (no gap, no torn row), M must lie between the highest id seen just before and just after the
 * backup, and rows 1..M of the live database must be byte-for-byte the artifact's. After the
 * database is damaged (through a connection that is still open when the restore stops the
 * container, so a -wal full of deletions is left behind) and restored, the file must pass
 * integrity_check and {@code .dump} exactly what the artifact dumps, with its owner and mode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqliteBackupRestoreIT {

    static final String PROJECT = "it-sqlite-" + UUID.randomUUID().toString().substring(0, 8);
    static final String DB = "/data/app.db";
    static final int SEED_ROWS = 5000;

    @TempDir
    static Path dir;

    static GenericContainer<?> app;
    static Path config;
    static Path repo;
    static String stamp;
    static String ownerAndMode;
    static long highestInArtifact;
    static String artifactRowsHash;
    static String artifactDumpHash;

    @BeforeAll
    static void start() throws Exception {
        app = AppContainer.create(Map.of("snapdock.type", "sqlite", "snapdock.path", DB,
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "appdb"));
        app.start();
        AppContainer.sh(app, "sqlite3 " + DB + " \"PRAGMA journal_mode=WAL;\""
                + " \"CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB);\""
                + " \"CREATE INDEX items_name ON items(name);\""
                + " \"CREATE VIEW long_names AS SELECT id FROM items WHERE length(name) > 4;\""
                + " \"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + SEED_ROWS + ")"
                + " INSERT INTO items(name, payload) SELECT 'seed-' || x, randomblob(200) FROM c;\""
                + " && chmod 640 " + DB);
        ownerAndMode = AppContainer.sh(app, "stat -c '%U:%G %a' " + DB).strip();
        assertThat(ownerAndMode).isEqualTo("app:app 640");
        assertThat(sql(DB, "PRAGMA journal_mode")).isEqualTo("wal");
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    /** One statement through sqlite3 as the app user; its output, trimmed. */
    static String sql(GenericContainer<?> c, String db, String statement) throws Exception {
        return AppContainer.sh(c, "sqlite3 " + db + " \".timeout 10000\" \"" + statement + "\"").strip();
    }

    static String sql(String db, String statement) throws Exception {
        return sql(app, db, statement);
    }

    /** SHA-256 of every row, in id order. */
    static String rowsHash(String db, String where) throws Exception {
        return AppContainer.sh(app, "sqlite3 " + db + " \".timeout 10000\" \"SELECT id, name, hex(payload) FROM items "
                + where + " ORDER BY id\" | sha256sum").strip();
    }

    static String dumpHash(GenericContainer<?> c, String db) throws Exception {
        return AppContainer.sh(c, "sqlite3 " + db + " .dump | sha256sum").strip();
    }

    static String dumpHash(String db) throws Exception {
        return dumpHash(app, db);
    }

    static long highestId() throws Exception {
        return Long.parseLong(sql(DB, "SELECT max(id) FROM items"));
    }

    /** Starts {@code script} as the app user in the background (docker exec -d). */
    static void background(GenericContainer<?> c, String script) throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        String exec = docker.execCreateCmd(c.getContainerId()).withUser("app").withCmd("sh", "-c", script)
                .exec().getId();
        docker.execStartCmd(exec).withDetach(true).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
    }

    static void background(String script) throws Exception {
        background(app, script);
    }

    static boolean exists(GenericContainer<?> c, String path) throws Exception {
        return c.execInContainer("test", "-e", path).getExitCode() == 0;
    }

    static boolean exists(String path) throws Exception {
        return exists(app, path);
    }

    @Test
    @Order(1)
    void anOnlineBackupWhileAWriterKeepsWritingIsOnePointInTime() throws Exception {
        String startedAt = Docker.startedAt(app.getContainerId());
        background("i=0; while [ ! -e /tmp/stop-writer ]; do i=$((i+1)); "
                + "sqlite3 " + DB
                + " '.timeout 10000' \"INSERT INTO items(name, payload) VALUES ('w$i', randomblob(64))\""
                + " || echo \"insert $i failed\" >> /tmp/writer-errors; done; touch /tmp/writer-stopped");
        await().atMost(Duration.ofSeconds(30)).until(() -> highestId() >= SEED_ROWS + 20);

        long before = highestId();
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        long after = highestId();
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(after).as("the writer kept writing across the backup").isGreaterThan(before);

        app.execInContainer("touch", "/tmp/stop-writer");
        await().atMost(Duration.ofSeconds(30)).until(() -> exists("/tmp/writer-stopped"));
        assertThat(exists("/tmp/writer-errors")).as("no insert of the writer failed during the backup").isFalse();

        // Online: the container ran throughout; nothing is left in /tmp; no file became root's.
        assertThat(Docker.startedAt(app.getContainerId())).isEqualTo(startedAt);
        assertThat(app.execInContainer("sh", "-c", "ls /tmp | grep snapdock- || true").getStdout()).isEmpty();
        assertThat(app.execInContainer("find", "/data", "!", "-user", "app").getStdout()).isEmpty();

        JsonNode manifest = new ObjectMapper().readTree(Cli.run("show", stamp, "--config", config.toString()).out());
        JsonNode store = manifest.path("stores").get(0);
        assertThat(store.path("name").asText()).isEqualTo("appdb");
        assertThat(store.path("type").asText()).isEqualTo("sqlite");
        assertThat(store.path("method").asText()).isEqualTo("online");
        assertThat(store.path("tool").asText()).startsWith("sqlite3 3.");
        JsonNode artifact = store.path("artifacts").get(0);
        assertThat(artifact.path("name").asText()).isEqualTo("database.sqlite");
        assertThat(artifact.path("kind").asText()).isEqualTo("sqlite");
        assertThat(artifact.path("database").asText()).isEqualTo(DB);

        // The artifact, looked at with sqlite3 in the container: one instant between before and after.
        Path file = new RepoFiles(repo).extract(stamp, "appdb", "database.sqlite", dir.resolve("artifact.db"));
        assertThat(Files.size(file)).isEqualTo(artifact.path("size").asLong());
        app.copyFileToContainer(MountableFile.forHostPath(file), "/tmp/artifact.db");
        app.execInContainer("chown", "app:app", "/tmp/artifact.db");
        assertThat(sql("/tmp/artifact.db", "PRAGMA integrity_check")).isEqualTo("ok");
        String[] countAndMax = sql("/tmp/artifact.db", "SELECT count(*) || ' ' || max(id) FROM items").split(" ");
        long count = Long.parseLong(countAndMax[0]);
        highestInArtifact = Long.parseLong(countAndMax[1]);
        System.out.println("highest id before the backup " + before + ", in the artifact " + highestInArtifact
                + ", after the backup " + after);
        assertThat(count).as("ids 1..M without a gap").isEqualTo(highestInArtifact);
        assertThat(highestInArtifact).isBetween(before, after);
        artifactRowsHash = rowsHash("/tmp/artifact.db", "");
        assertThat(rowsHash(DB, "WHERE id <= " + highestInArtifact))
                .as("rows 1..M of the live database are exactly the artifact's").isEqualTo(artifactRowsHash);
        artifactDumpHash = dumpHash("/tmp/artifact.db");
        app.execInContainer("rm", "-f", "/tmp/artifact.db", "/tmp/artifact.db-wal", "/tmp/artifact.db-shm");
    }

    @Test
    @Order(2)
    void theSnapshotValidates() {
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).contains("valid").doesNotContain("invalid");
    }

    @Test
    @Order(3)
    void restoreBringsBackTheSnapshotWithOwnerAndModeAndNoStaleWal() throws Exception {
        String startedAt = Docker.startedAt(app.getContainerId());
        // Damage through a connection that stays open without checkpointing: when the restore
        // stops the container (SIGKILL), a -wal full of these changes is left next to the file.
        background("(echo 'PRAGMA wal_autocheckpoint=0;'; echo 'DELETE FROM items WHERE id % 2 = 0;';"
                + " echo \"UPDATE items SET name = 'changed' WHERE id % 3 = 0;\"; echo 'CREATE TABLE stray(x);';"
                + " sleep 100000) | sqlite3 " + DB);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sql(DB, "SELECT count(*) FROM sqlite_master WHERE name = 'stray'").equals("1"));
        assertThat(Long.parseLong(sql(DB, "SELECT count(*) FROM items"))).isLessThan(highestInArtifact);
        assertThat(AppContainer.sh(app, "stat -c %s " + DB + "-wal").strip()).isNotEqualTo("0");
        assertThat(dumpHash(DB)).isNotEqualTo(artifactDumpHash);

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("appdb succeeded");

        assertThat(Docker.running(app.getContainerId())).isTrue();
        assertThat(Docker.startedAt(app.getContainerId())).as("stopped for the restore, started again")
                .isNotEqualTo(startedAt);
        assertThat(sql(DB, "PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(dumpHash(DB)).isEqualTo(artifactDumpHash);
        assertThat(rowsHash(DB, "")).isEqualTo(artifactRowsHash);
        assertThat(sql(DB, "SELECT count(*) || ' ' || max(id) FROM items"))
                .isEqualTo(highestInArtifact + " " + highestInArtifact);
        assertThat(sql(DB, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(AppContainer.sh(app, "stat -c '%U:%G %a' " + DB).strip()).isEqualTo(ownerAndMode);
        assertThat(app.execInContainer("find", "/data", "!", "-user", "app").getStdout()).isEmpty();
        // The application can write to it again.
        sql(DB, "INSERT INTO items(name) VALUES ('after restore')");
    }

    @Test
    @Order(4)
    void aFlippedByteIsCaughtAndSuchASnapshotIsNeverRestored() throws Exception {
        String pack = new RepoFiles(repo).damage(stamp, "appdb", "database.sqlite");
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out()).contains("invalid").contains("pack_damaged").contains("database.sqlite").contains(pack);

        String current = dumpHash(DB);
        String startedAt = Docker.startedAt(app.getContainerId());
        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("pack_damaged").contains("nothing was changed");
        assertThat(Docker.startedAt(app.getContainerId())).isEqualTo(startedAt);
        assertThat(dumpHash(DB)).isEqualTo(current);
    }

    @Test
    @Order(5)
    void aDatabaseOutsideAnyVolumeThatWasDeletedIsRestoredWithoutItsStaleWal() throws Exception {
        // The file lives in the container's own layer (no sibling container can see it), and
        // by restore time it is gone while its -wal, still full of changes, is left behind.
        String project = PROJECT + "-layer";
        String db = "/home/app/notes.db";
        try (GenericContainer<?> layer = AppContainer.create(Map.of("snapdock.type", "sqlite", "snapdock.path", db,
                "com.docker.compose.project", project, "com.docker.compose.service", "notes"))) {
            layer.start();
            AppContainer.sh(layer, "sqlite3 " + db + " \"PRAGMA journal_mode=WAL;\""
                    + " \"CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB);\""
                    + " \"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000)"
                    + " INSERT INTO items(name, payload) SELECT 'note-' || x, randomblob(100) FROM c;\"");
            Path cfg = dir.resolve("layer.properties");
            Files.writeString(cfg, "snapdock.repository=file:" + dir.resolve("layer-repository") + "\n"
                    + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                    + "snapdock.compose-project=" + project + "\n");
            Cli.Result b = Cli.run("backup", "--config", cfg.toString());
            assertThat(b.exit()).as(b.toString()).isZero();
            String layerStamp = b.lastLine();
            String expected = dumpHash(layer, db);

            background(layer, "(echo 'PRAGMA wal_autocheckpoint=0;'; echo 'DELETE FROM items WHERE id > 10;';"
                    + " echo 'CREATE TABLE stray(x);'; sleep 100000) | sqlite3 " + db);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sql(layer, db, "SELECT count(*) FROM sqlite_master WHERE name = 'stray'").equals("1"));
            AppContainer.sh(layer, "rm " + db);
            assertThat(exists(layer, db + "-wal")).isTrue();

            // Its current data is gone: no safety snapshot can be taken, the restore says so...
            Cli.Result refused = Cli.run("restore", layerStamp, "--config", cfg.toString());
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("safety snapshot", "nothing was changed", "--no-safety-snapshot");
            assertThat(exists(layer, db + "-wal")).isTrue();
            // ...and restores it when asked to go without one.
            Cli.Result r = Cli.run("restore", layerStamp, "--no-safety-snapshot", "--config", cfg.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(sql(layer, db, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(dumpHash(layer, db)).isEqualTo(expected);
            assertThat(sql(layer, db, "SELECT count(*) FROM items")).isEqualTo("2000");
            // No previous file: owner from its folder, mode 644.
            assertThat(AppContainer.sh(layer, "stat -c '%U:%G %a' " + db).strip()).isEqualTo("app:app 644");
            assertThat(layer.execInContainer("find", "/home/app", "!", "-user", "app").getStdout()).isEmpty();
        }
    }

    @Test
    @Order(6)
    void aContainerWithoutSqlite3IsRefusedWithTheWayOut() throws Exception {
        String project = PROJECT + "-bare";
        try (GenericContainer<?> bare = new GenericContainer<>(DockerImageName.parse("debian:bookworm-slim"))
                .withImagePullPolicy(image -> false)
                .withCommand("sleep", "infinity")
                .withLabels(Map.of("snapdock.type", "sqlite", "snapdock.path", DB,
                        "com.docker.compose.project", project, "com.docker.compose.service", "bare"))) {
            bare.start();
            Container.ExecResult mk = bare.execInContainer("sh", "-c", "mkdir -p /data && echo x > " + DB);
            assertThat(mk.getExitCode()).isZero();
            Path cfg = dir.resolve("bare.properties");
            Files.writeString(cfg, "snapdock.repository=file:" + dir.resolve("bare-repository") + "\n"
                    + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                    + "snapdock.compose-project=" + project + "\n");
            Cli.Result r = Cli.run("backup", "--config", cfg.toString());
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("bare", "no sqlite3", "snapdock.mode=stop");
            assertThat(r.err()).doesNotContain("Exception");
        }
    }
}
