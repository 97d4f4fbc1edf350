package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.MariadbStore;
import io.snapdock.testsupport.NatsStore;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform Snapdock has never seen, labelled and nothing else: PostgreSQL, MariaDB, Redis,
 * NATS JetStream, an app with a data folder and an app with a SQLite file, in one compose project. One run backs all of them
 * up (only the stop-mode container is stopped, only for its copy); every store is damaged,
 * one restore brings every one back, compared by content.
 */
class PlatformIT {

    static final String PROJECT = "it-platform-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static PostgresStore db;
    static MariadbStore shop;
    static RedisStore cache;
    static NatsStore events;
    static GenericContainer<?> vectors;
    static GenericContainer<?> notes;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        db = PostgresStore.startLabelled(PROJECT, "db", Map.of());
        shop = MariadbStore.startLabelled(PROJECT, "shop", Map.of());
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        events = NatsStore.startLabelled(PROJECT, "events", Map.of());
        vectors = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "vectors"));
        vectors.start();
        notes = AppContainer.create(Map.of("snapdock.type", "sqlite", "snapdock.path", "/data/notes.db",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "notes"));
        notes.start();
        AppContainer.sh(notes, "sqlite3 /data/notes.db 'PRAGMA journal_mode=WAL;"
                + " CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, at TEXT);"
                + " WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)"
                + " INSERT INTO note SELECT n, hex(randomblob(40)), datetime(n, \"unixepoch\") FROM g;'");
        db.seed();
        shop.seed();
        cache.seed(2000);
        events.seed();
        AppContainer.sh(vectors, "mkdir -p /data/chroma && head -c 1000000 /dev/urandom > /data/chroma/data_level0.bin"
                + " && echo '{\"collections\": 3}' > /data/chroma/chroma.json");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + dir.resolve("repository") + "\n"
                + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n");
    }

    @AfterAll
    static void stop() {
        vectors.stop();
        notes.stop();
        events.close();
        cache.close();
        shop.close();
        db.close();
    }

    Map<String, Object> fingerprints() throws Exception {
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("db", db.fingerprint());
        fp.put("shop", shop.fingerprint());
        fp.put("cache", cache.fingerprint());
        fp.put("events", events.fingerprint());
        fp.put("vectors", AppContainer.tree(vectors));
        fp.put("notes", AppContainer.sh(notes, "sqlite3 /data/notes.db 'SELECT count(*) FROM note;"
                + " SELECT id, body, at FROM note ORDER BY id' | sha256sum"));
        return fp;
    }

    @Test
    void theWholePlatformIsBackedUpInOneRunAndRestoredIdentical() throws Exception {
        Map<String, Object> before = fingerprints();
        Map<String, String> startedAt = Map.of(
                "db", Docker.startedAt(db.container().getContainerId()),
                "shop", Docker.startedAt(shop.container().getContainerId()),
                "cache", Docker.startedAt(cache.containerId()),
                "events", Docker.startedAt(events.container().getContainerId()));

        Cli.Result backup = Cli.run("backup", "--config", config.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String stamp = backup.lastLine();

        assertThat(Docker.startedAt(db.container().getContainerId())).isEqualTo(startedAt.get("db"));
        assertThat(Docker.startedAt(shop.container().getContainerId())).isEqualTo(startedAt.get("shop"));
        assertThat(Docker.startedAt(cache.containerId())).isEqualTo(startedAt.get("cache"));
        assertThat(Docker.startedAt(events.container().getContainerId())).isEqualTo(startedAt.get("events"));
        JsonNode manifest = new ObjectMapper().readTree(Cli.run("show", stamp, "--config", config.toString()).out());
        assertThat(manifest.path("stores")).hasSize(6);
        for (JsonNode s : manifest.path("stores")) {
            System.out.println("store " + s.path("name").asText() + " (" + s.path("type").asText() + ", "
                    + s.path("method").asText() + "): " + s.path("durationMs").asLong() + " ms, downtime "
                    + s.path("downtimeMs").asLong() + " ms");
            assertThat(s.path("downtimeMs").asLong() > 0).as(s.path("name").asText())
                    .isEqualTo(s.path("method").asText().equals("stop"));
        }

        db.exec("shop", "TRUNCATE orders CASCADE");
        shop.exec("shop", "DELETE FROM orders", "UPDATE customers SET name = 'changed'");
        cache.damage();
        events.deleteStream("EVENTS");
        events.purgeStream("ORDERS");
        AppContainer.sh(vectors, "rm -rf /data/chroma && echo new > /data/other");
        AppContainer.sh(notes, "sqlite3 /data/notes.db 'DELETE FROM note WHERE id % 2 = 0'");
        assertThat(fingerprints()).isNotEqualTo(before);

        Cli.Result restore = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(fingerprints()).isEqualTo(before);
    }
}
