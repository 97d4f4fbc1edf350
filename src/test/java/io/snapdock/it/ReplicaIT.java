package io.snapdock.it;

import io.snapdock.config.SnapdockConfig;
import io.snapdock.repo.backend.Repositories;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.RepositoryKey;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RedisStore;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replica, end to end, with two S3 servers (so either can be stopped alone) and real stores:
 * an encrypted S3 primary whose backups are copied to an S3 replica on another server (its own
 * endpoint through snapdock.replica.s3.*), manifest last; with the primary's server stopped, a
 * PostgreSQL and a Redis store come back from the replica alone and the replica checks clean;
 * catching up again copies nothing; a replica of another repository (another key) is refused.
 * Then a local-folder primary with an S3 replica whose server stops in the middle of the copy:
 * the backup still succeeds, the replica has no manifest, `replicate` catches up later, and the
 * volume restores from the replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaIT {

    static final String PROJECT = "it-replica-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static S3ProxyServer primaryS3;
    static S3ProxyServer replicaS3;
    static PostgresStore pg;
    static RedisStore redis;
    static Path config;
    static Map<String, String> pgBefore;
    static Map<String, String> redisBefore;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        primaryS3 = S3ProxyServer.start(dir.resolve("s3-primary"));
        primaryS3.createBucket("primary");
        replicaS3 = S3ProxyServer.start(dir.resolve("s3-replica"));
        replicaS3.createBucket("replica");
        pg = PostgresStore.startLabelled(PROJECT, "maindb", Map.of());
        redis = RedisStore.startLabelled(PROJECT, "cache", Map.of());
        pg.seed();
        redis.seed(2000);
        pgBefore = pg.fingerprint();
        redisBefore = redis.fingerprint();
        Path key = dir.resolve("repo.key");
        Files.writeString(key, RepositoryKey.generate().fileText());
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=s3://primary/snap",
                "snapdock.s3.endpoint=" + primaryS3.endpoint(),
                "snapdock.s3.access-key=" + primaryS3.accessKey(),
                "snapdock.s3.secret-key=" + primaryS3.secretKey(),
                "snapdock.replica=s3://replica/copy",
                "snapdock.replica.s3.endpoint=" + replicaS3.endpoint(),
                "snapdock.replica.verify=read-back",
                "snapdock.encryption.key-file=" + key,
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT, ""));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{pg, redis, primaryS3, replicaS3}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** The object files S3Proxy keeps for {@code bucket}/{@code prefix}, keyed relative to the prefix. */
    static List<String> objects(S3ProxyServer s3, String bucket, String prefix) throws IOException {
        Path root = s3.baseDir().resolve(bucket).resolve(prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    @Order(1)
    void aBackupIsCopiedToTheReplicaManifestLast() throws Exception {
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(r.err()).contains("replica succeeded");

        List<String> primary = objects(primaryS3, "primary", "snap");
        List<String> replica = objects(replicaS3, "replica", "copy");
        String dirOf = "snapshots/" + stamp + "/";
        assertThat(replica).contains("config.json", dirOf + "started.json", dirOf + "validation.json",
                dirOf + "manifest.mac", dirOf + "manifest.json");
        assertThat(replica.stream().filter(k -> k.startsWith("data/")).toList()).isNotEmpty()
                .isEqualTo(primary.stream().filter(k -> k.startsWith("data/")).toList());
        assertThat(replica.stream().filter(k -> k.startsWith("index/"))).hasSize(1);
        Path root = replicaS3.baseDir().resolve("replica/copy");
        FileTime manifestAt = Files.getLastModifiedTime(root.resolve(dirOf + "manifest.json"));
        for (String k : replica) {
            assertThat(Files.getLastModifiedTime(root.resolve(k))).as(k + " written before the manifest")
                    .isLessThanOrEqualTo(manifestAt);
        }
        assertThat(Files.readAllBytes(root.resolve("config.json")))
                .isEqualTo(Files.readAllBytes(primaryS3.baseDir().resolve("primary/snap/config.json")));

        Cli.Result list = Cli.run("list", "--config", config.toString());
        assertThat(list.out()).contains("WHERE").containsPattern(stamp + ".*both");
        Cli.Result json = Cli.run("list", "--json", "--config", config.toString());
        assertThat(json.out()).contains("\"where\" : \"both\"");
        assertThat(Cli.run("show", stamp, "--config", config.toString()).out()).contains("\"where\" : \"both\"");
        assertThat(r.out() + r.err() + list.out()).doesNotContain(primaryS3.secretKey());
    }

    @Test
    @Order(2)
    void withThePrimaryDownTheStoresComeBackFromTheReplica() throws Exception {
        pg.exec("shop", "DELETE FROM orders WHERE id % 3 = 0", "UPDATE customers SET name = 'changed'");
        pg.exec("postgres", "DROP DATABASE \"analytics-db\"");
        redis.damage();
        assertThat(pg.fingerprint()).isNotEqualTo(pgBefore);
        assertThat(redis.fingerprint()).isNotEqualTo(redisBefore);

        int port = primaryS3.port();
        primaryS3.stop();
        try {
            // No --from: the primary is unreachable, so the replica is read (and said so in the log).
            Cli.Result list = Cli.run("list", "--config", config.toString());
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).containsPattern(stamp + ".*replica");

            Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("maindb succeeded", "cache succeeded");
            assertThat(pg.fingerprint()).isEqualTo(pgBefore);
            assertThat(redis.fingerprint()).isEqualTo(redisBefore);

            Cli.Result check = Cli.run("check", "--from", "replica", "--read-data", "--config", config.toString());
            assertThat(check.exit()).as(check.toString()).isZero();
            assertThat(check.out()).startsWith("ok").contains("1 snapshot(s)", "read from the replica");

            Cli.Result primaryOnly = Cli.run("check", "--from", "primary", "--config", config.toString());
            assertThat(primaryOnly.exit()).as("asked for the primary: no fallback").isEqualTo(4);
        } finally {
            primaryS3 = S3ProxyServer.start(dir.resolve("s3-primary"), port);
        }
    }

    @Test
    @Order(3)
    void theApiReplicatesAndReadsFromTheReplica() throws Exception {
        int port = io.snapdock.testsupport.Ports.closed();
        Path serveConfig = dir.resolve("serve.properties");
        Files.writeString(serveConfig, Files.readString(config) + "snapdock.http.port=" + port + "\n"
                + "snapdock.schedule.enabled=false\n");
        io.snapdock.testsupport.ServiceHttp http = new io.snapdock.testsupport.ServiceHttp("http://127.0.0.1:" + port);
        Process service = io.snapdock.testsupport.SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve",
                "--config",
                serveConfig.toString());
        try {
            http.awaitLive(Duration.ofSeconds(120));
            com.fasterxml.jackson.databind.JsonNode run = http.runToEnd("/api/replicate", "{}", Duration.ofSeconds(60));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("replica").path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("replica").path("packsCopied").asInt()).isZero();
            assertThat(http.get("/api/backups?from=replica").body()).contains(stamp, "\"where\" : \"both\"");
            assertThat(http.post("/api/restores", "{\"stamp\": \"" + stamp + "\", \"from\": \"nowhere\"}").statusCode())
                    .isEqualTo(400);
            com.fasterxml.jackson.databind.JsonNode check = http.runToEnd("/api/check", "{\"from\": \"replica\"}",
                    Duration.ofSeconds(60));
            assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("succeeded");
            assertThat(check.path("source").asText()).isEqualTo("replica");
            assertThat(http.get("/observe/metrics").body())
                    .containsPattern("snapdock_replica_last_result(\\{[^}]*\\})? 1");
        } finally {
            service.destroy();
            if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    @Order(4)
    void catchingUpAgainCopiesNothing() throws Exception {
        List<String> before = objects(replicaS3, "replica", "copy");
        Cli.Result r = Cli.run("replicate", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("succeeded: 0 snapshot(s) copied, 0 already there, 0 pack(s), 0 bytes");
        Cli.Result named = Cli.run("replicate", stamp, "--config", config.toString());
        assertThat(named.out()).as(named.toString()).contains("0 snapshot(s) copied, 1 already there, 0 pack(s)");
        assertThat(objects(replicaS3, "replica", "copy")).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aReplicaOfAnotherRepositoryIsRefused() throws Exception {
        // A location whose config.json names another key.
        String theirs = Files.readString(primaryS3.baseDir().resolve("primary/snap/config.json"))
                .replaceAll("\"keyId\"\\s*:\\s*\"[0-9a-f]+\"", "\"keyId\" : \"" + RepositoryKey.generate().id() + "\"");
        Path foreignConfig = dir.resolve("foreign.properties");
        Files.writeString(foreignConfig, Files.readString(config).replace("s3://replica/copy", "s3://replica/foreign"));
        SnapdockConfig foreign = SnapdockConfig.load(foreignConfig, Map.of());
        try (Repository repo = Repositories.open("s3://replica/foreign",
                foreign.with("snapdock.s3.endpoint", replicaS3.endpoint()))) {
            repo.put("config.json", theirs.getBytes(StandardCharsets.UTF_8));
        }
        Cli.Result r = Cli.run("replicate", "--config", foreignConfig.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("is not a copy of repository", "key id", "nothing was copied");
        assertThat(objects(replicaS3, "replica", "foreign")).containsExactly("config.json");
    }

    @Test
    @Order(6)
    void aFolderPrimaryKeepsItsBackupWhenTheS3ReplicaStopsMidCopyAndCatchesUpLater() throws Exception {
        GenericContainer<?> vectors = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT + "-vol", "com.docker.compose.service", "vectors"));
        vectors.start();
        try {
            AppContainer.sh(vectors, "head -c 24000000 /dev/urandom > /data/blob && echo hi > /data/small");
            String tree = AppContainer.tree(vectors);
            Path folderConfig = dir.resolve("folder.properties");
            Path repo = dir.resolve("folder-repo");
            Files.writeString(folderConfig, String.join("\n",
                    "snapdock.repository=file:" + repo,
                    "snapdock.repository.pack-size-mib=1",
                    "snapdock.replica=s3://replica/from-folder",
                    "snapdock.s3.endpoint=" + replicaS3.endpoint(),
                    "snapdock.s3.access-key=" + replicaS3.accessKey(),
                    "snapdock.s3.secret-key=" + replicaS3.secretKey(),
                    "snapdock.state-dir=" + dir.resolve("state-folder"),
                    "snapdock.compose-project=" + PROJECT + "-vol", ""));

            CompletableFuture<Cli.Result> run = CompletableFuture
                    .supplyAsync(() -> Cli.run("backup", "--config", folderConfig.toString()));
            await("the first pack on the replica").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .ignoreExceptions()   // a file the server is still writing may vanish during the walk
                    .until(() -> objects(replicaS3, "replica", "from-folder").stream()
                            .anyMatch(k -> k.startsWith("data/")));
            int port = replicaS3.port();
            replicaS3.stop();
            Cli.Result r = run.get();
            assertThat(r.exit()).as("the backup itself succeeded: " + r).isZero();
            String folderStamp = r.lastLine();
            assertThat(r.err()).contains("replica failed");
            assertThat(repo.resolve("snapshots/" + folderStamp + "/manifest.json")).exists();
            replicaS3 = S3ProxyServer.start(dir.resolve("s3-replica"), port);
            assertThat(objects(replicaS3, "replica", "from-folder")).as("no manifest on the replica")
                    .noneMatch(k -> k.endsWith("manifest.json"));
            assertThat(Cli.run("list", "--config", folderConfig.toString()).out())
                    .containsPattern(folderStamp + ".*primary");

            Cli.Result catchUp = Cli.run("replicate", "--config", folderConfig.toString());
            assertThat(catchUp.exit()).as(catchUp.toString()).isZero();
            assertThat(catchUp.out()).contains("1 snapshot(s) copied").contains("copied  " + folderStamp);
            assertThat(Cli.run("list", "--config", folderConfig.toString()).out())
                    .containsPattern(folderStamp + ".*both");

            AppContainer.sh(vectors, "rm -f /data/blob && echo changed > /data/small");
            Cli.Result restore = Cli.run("restore", folderStamp, "--from", "replica", "--config",
                    folderConfig.toString());
            assertThat(restore.exit()).as(restore.toString()).isZero();
            assertThat(AppContainer.tree(vectors)).isEqualTo(tree);
            Cli.Result check = Cli.run("check", "--from", "replica", "--read-data", "--config",
                    folderConfig.toString());
            assertThat(check.exit()).as(check.toString()).isZero();

            // Gone from the primary, still on the replica: listed, and said where.
            try (Stream<Path> files = Files.walk(repo.resolve("snapshots/" + folderStamp))) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            assertThat(Cli.run("list", "--config", folderConfig.toString()).out())
                    .containsPattern(folderStamp + ".*replica");
        } finally {
            vectors.stop();
        }
    }
}
