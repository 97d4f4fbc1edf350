package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.LogCapture;
import io.snapdock.testsupport.MariadbStore;
import io.snapdock.testsupport.NatsStore;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Disaster recovery on a new host, as docs/operations.md ("Rebuild a host") tells it: a labelled
 * platform (PostgreSQL, MariaDB, Redis with TTLs, NATS JetStream, a folder, a SQLite file) is
 * backed up into an encrypted repository; then every container AND its volumes AND Snapdock's
 * state directory are destroyed, the platform is recreated empty from the same images and labels,
 * Snapdock is given only the repository and its key, and {@code restore latest} with no flag
 * brings every store back: rows, keys with their expiry times, stream messages, files with owners
 * and modes. No safety snapshot is taken of stores that hold nothing. Then once more through the
 * REST API of a service started on a fresh state directory.
 */
class HostRebuildIT {

    static final String PROJECT = "it-rebuild-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    /** The platform as it runs now (the first host's, then the rebuilt one's). */
    PostgresStore db;
    MariadbStore shop;
    RedisStore cache;
    NatsStore events;
    GenericContainer<?> vectors;
    GenericContainer<?> notes;

    /** The six stores, started side by side (each waits for its own readiness line). */
    void startPlatform() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Future<PostgresStore> pg = pool.submit(() -> PostgresStore.startLabelled(PROJECT, "db", Map.of()));
            Future<MariadbStore> maria = pool.submit(() -> MariadbStore.startLabelled(PROJECT, "shop", Map.of()));
            Future<RedisStore> redis = pool.submit(() -> RedisStore.startLabelled(PROJECT, "cache", Map.of()));
            Future<NatsStore> nats = pool.submit(() -> NatsStore.startLabelled(PROJECT, "events", Map.of()));
            Future<GenericContainer<?>> folder = pool.submit(() -> app("vectors", "volume", "/data/store/chroma"));
            Future<GenericContainer<?>> sqlite = pool.submit(() -> app("notes", "sqlite", "/data/notes.db"));
            db = pg.get();
            shop = maria.get();
            cache = redis.get();
            events = nats.get();
            vectors = folder.get();
            notes = sqlite.get();
        } finally {
            pool.shutdown();
        }
    }

    /**
     * An app container holding a store at {@code path}; the folder store's lies below the volume's
     * root, so on the new host it does not exist until it is restored.
     */
    static GenericContainer<?> app(String service, String type, String path) {
        GenericContainer<?> c = AppContainer.create(Map.of("snapdock.type", type, "snapdock.path", path,
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", service));
        c.start();
        return c;
    }

    void seed() throws Exception {
        db.seed();
        shop.seed();
        cache.seed(2000);                       // sessions and tokens expire in 1 to 6 hours
        events.seed();
        AppContainer.sh(vectors, "mkdir -p /data/store/chroma/index && chmod 750 /data/store/chroma"
                + " && head -c 500000 /dev/urandom > /data/store/chroma/index/data_level0.bin"
                + " && echo '{\"collections\": 3}' > /data/store/chroma/chroma.json && chmod 600 /data/store/chroma/chroma.json"
                + " && ln -s index/data_level0.bin /data/store/chroma/latest");
        AppContainer.sh(notes, "sqlite3 /data/notes.db 'PRAGMA journal_mode=WAL;"
                + " CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, at TEXT);"
                + " WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)"
                + " INSERT INTO note SELECT n, hex(randomblob(40)), datetime(n, \"unixepoch\") FROM g;'");
    }

    /** Every store's content, comparable across hosts (the memory stream holds its configuration only). */
    Map<String, Object> fingerprints() throws Exception {
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("db", db.fingerprint());
        fp.put("shop", shop.fingerprint());
        Map<String, String> streams = new TreeMap<>(events.fingerprint());
        streams.keySet().removeIf(k -> k.startsWith("CACHE.") && !k.equals("CACHE.subjects"));
        fp.put("events", streams);
        fp.put("notes", AppContainer.sh(notes, "sqlite3 /data/notes.db 'SELECT count(*) FROM note;"
                + " SELECT id, body, at FROM note ORDER BY id' | sha256sum"));
        fp.putAll(cacheAndVectors());
        return fp;
    }

    /** The two stores the API restores again: keys with their expiry times, files with owners and modes. */
    Map<String, Object> cacheAndVectors() throws Exception {
        return Map.of("cache", cache.fingerprint(), "vectors", AppContainer.tree(vectors));
    }

    /** What a store recreated empty holds: nothing, as the stores' own clients see it. */
    void assertEmpty() throws Exception {
        assertThat(db.fingerprint()).doesNotContainKeys("shop.tables", "analytics-db.tables");
        assertThat(shop.fingerprint()).doesNotContainKeys("shop.tables", "analytics-db.tables");
        assertThat(cache.fingerprint()).isEmpty();
        try (var nc = events.connect()) {
            assertThat(nc.jetStreamManagement().getStreamNames()).isEmpty();
        }
        assertThat(AppContainer.tree(vectors)).isEmpty();
        assertThat(AppContainer.tree(notes)).isEmpty();
    }

    List<String> volumes() {
        List<String> names = new ArrayList<>();
        for (GenericContainer<?> c : containers()) {
            var mounts = DockerClientFactory.instance().client().inspectContainerCmd(c.getContainerId()).exec()
                    .getMounts();
            mounts.stream().filter(m -> m.getName() != null).forEach(m -> names.add(m.getName()));
        }
        return names;
    }

    List<GenericContainer<?>> containers() {
        return Stream.<GenericContainer<?>>of(db.container(), shop.container(), cache.container(),
                events.container(), vectors, notes).toList();
    }

    /** The disaster: every container removed with its volumes. */
    void destroyPlatform() {
        containers().forEach(GenericContainer::stop);   // docker rm -f -v
    }

    Path config(Path key, String stateDir) throws Exception {
        Path config = dir.resolve("snapdock-" + stateDir + ".properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.encryption.key-file=" + key,
                "snapdock.state-dir=" + dir.resolve(stateDir),
                "snapdock.compose-project=" + PROJECT, ""));
        return config;
    }

    static void delete(Path tree) throws Exception {
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterEach
    void stop() {
        for (GenericContainer<?> c : Stream.of(db == null ? null : db.container(), shop == null ? null
                : shop.container(), cache == null ? null : cache.container(),
                events == null ? null
                        : events.container(),
                vectors, notes).toList()) {
            if (c != null && c.getContainerId() != null) {
                c.stop();
            }
        }
    }

    @Test
    void aRebuiltHostIsRestoredFromTheRepositoryAndItsKeyAlone() throws Exception {
        long t0 = System.nanoTime();
        startPlatform();
        seed();
        Path key = dir.resolve("snapdock.key");
        assertThat(Cli.run("keygen", "--output", key.toString()).exit()).isZero();
        Path oldHost = config(key, "state");
        Cli.Result backup = Cli.run("backup", "--config", oldHost.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String stamp = backup.lastLine();
        Map<String, Object> before = fingerprints();
        long backedUp = System.nanoTime();

        // The disaster: containers, volumes and Snapdock's state are gone.
        List<String> volumes = volumes();
        assertThat(volumes).hasSizeGreaterThanOrEqualTo(6);
        destroyPlatform();
        for (String v : volumes) {
            assertThatThrownBy(() -> DockerClientFactory.instance().client().inspectVolumeCmd(v).exec())
                    .as("volume %s is destroyed", v).isInstanceOf(NotFoundException.class);
        }
        delete(dir.resolve("state"));

        // The new host: the same images and labels, empty; Snapdock knows the repository and its key.
        startPlatform();
        Path newHost = config(key, "state-new");
        assertEmpty();
        long rebuilt = System.nanoTime();

        Cli.Result list = Cli.run("list", "--config", newHost.toString());
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains(stamp, "valid");
        Cli.Result dry = Cli.run("restore", "latest", "--dry-run", "--config", newHost.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(stamp, "vectors", "notes");
        assertEmpty();   // a dry run changes nothing

        Cli.Result restore;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            restore = Cli.run("restore", "latest", "--config", newHost.toString());
            log = capture.text();
        }
        long restored = System.nanoTime();
        assertThat(restore.exit()).as(restore.toString()).isZero();
        for (String store : List.of("db", "shop", "cache", "events", "vectors", "notes")) {
            assertThat(restore.out()).as(restore.toString())
                    .contains(store + " succeeded (from " + stamp + "); store " + store
                            + " was empty: no safety copy needed");
        }
        assertThat(restore.out()).doesNotContain("safety snapshot");
        assertThat(log).contains("store vectors was empty: no safety copy needed",
                "every store is empty, no safety snapshot is needed",
                "Restoring vectors from snapshot " + stamp + " (it was empty: no safety copy)",
                "/data/store/chroma does not exist in vectors: it is created from the archive");
        Cli.Result safety = Cli.run("list", "--safety", "--json", "--config", newHost.toString());
        assertThat(safety.exit()).as(safety.toString()).isZero();
        assertThat(ServiceHttp.JSON.readTree(safety.out())).as("no safety snapshot was written").isEmpty();

        Map<String, Object> after = fingerprints();
        assertThat(after).isEqualTo(before);

        // Once more through the API of a service started on a fresh state directory: the Redis and
        // folder stores lost again with their volumes, recreated empty, restored with "latest".
        for (GenericContainer<?> c : List.of(cache.container(), vectors)) {
            c.stop();
        }
        cache = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        vectors = app("vectors", "volume", "/data/store/chroma");
        assertThat(cache.fingerprint()).isEmpty();
        assertThat(AppContainer.tree(vectors)).isEmpty();
        int port = Ports.closed();
        Path service = config(key, "state-api");
        Files.writeString(service, "snapdock.http.port=" + port + "\n", StandardOpenOption.APPEND);
        Process serve = SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve", "--config", service.toString());
        long apiStart;
        long apiEnd;
        try {
            ServiceHttp http = new ServiceHttp("http://127.0.0.1:" + port);
            http.awaitLive(Duration.ofSeconds(120));
            apiStart = System.nanoTime();
            JsonNode run = http.runToEnd("/api/restores",
                    "{\"stamp\": \"latest\", \"stores\": [\"cache\", \"vectors\"]}",
                    Duration.ofMinutes(3));
            apiEnd = System.nanoTime();
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.has("safety")).as("no safety snapshot: " + run).isFalse();
            for (JsonNode item : run.path("stores")) {
                assertThat(item.path("status").asText()).isEqualTo("succeeded");
                assertThat(item.path("source").asText()).isEqualTo(stamp);
                assertThat(item.path("detail").asText())
                        .isEqualTo("store " + item.path("name").asText() + " was empty: no safety copy needed");
            }
            assertThat(run.path("stores")).hasSize(2);
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        assertThat(cacheAndVectors()).isEqualTo(Map.of("cache", before.get("cache"), "vectors", before.get("vectors")));
        System.out.printf("host rebuild: backup %d ms, platform recreated %d ms, restore latest (CLI, 6 stores) %d ms,"
                + " restore latest (API, 2 stores) %d ms%n", (backedUp - t0) / 1_000_000,
                (rebuilt - backedUp) / 1_000_000, (restored - rebuilt) / 1_000_000, (apiEnd - apiStart) / 1_000_000);
    }
}
