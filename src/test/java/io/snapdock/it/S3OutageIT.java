package io.snapdock.it;

import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 server disappears in the middle of a run, while a stop-mode store is stopped: the run
 * fails cleanly, every stopped container runs again, and no snapshot is listed as restorable.
 */
class S3OutageIT {

    static final String PROJECT = "it-outage-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @Test
    void s3GoingAwayMidRunLeavesContainersRunningAndNothingRestorable() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket("outage");
        int port = s3.port();
        GenericContainer<?> vectors = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "vectors"));
        // Ignores SIGTERM: stopping it takes the stop timeout, a window in which S3 goes away.
        GenericContainer<?> slow = AppContainer.create(Map.of())
                .withCreateContainerCmdModifier(c -> c.withStopSignal("SIGTERM"));
        vectors.start();
        slow.start();
        try {
            AppContainer.sh(vectors, "head -c 2000000 /dev/urandom > /data/blob && echo hi > /data/small");
            Path config = dir.resolve("snapdock.properties");
            Files.writeString(config, String.join("\n",
                    "snapdock.repository=s3://outage/p",
                    "snapdock.s3.endpoint=" + s3.endpoint(),
                    "snapdock.s3.access-key=" + s3.accessKey(),
                    "snapdock.s3.secret-key=" + s3.secretKey(),
                    "snapdock.state-dir=" + dir.resolve("state"),
                    "snapdock.compose-project=" + PROJECT,
                    "snapdock.stop.timeout-seconds=6",
                    "snapdock.stores.vectors.stop-with=" + slow.getContainerName().replaceFirst("^/", ""), ""));

            CompletableFuture<Cli.Result> run = CompletableFuture
                    .supplyAsync(() -> Cli.run("backup", "--config", config.toString()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !Docker.running(vectors.getContainerId()));
            s3.stop();

            Cli.Result r = run.get();
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("outage");
            assertThat(Docker.running(vectors.getContainerId())).as("vectors started again").isTrue();
            assertThat(Docker.running(slow.getContainerId())).as("companion started again").isTrue();
            assertThat(Files.readString(dir.resolve("state/stopped-containers.json")).replaceAll("\\s", ""))
                    .isEqualTo("[]");

            try (S3ProxyServer back = S3ProxyServer.start(dir.resolve("s3"), port)) {
                Cli.Result list = Cli.run("list", "--json", "--config", config.toString());
                assertThat(list.exit()).as(list.toString()).isZero();
                assertThat(list.out()).doesNotContain("\"complete\" : true");
            }
        } finally {
            slow.stop();
            vectors.stop();
        }
    }
}
