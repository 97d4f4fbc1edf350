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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 server disappears while a backup is uploading a pack (a multipart upload under way):
 * with few attempts and short timeouts the run fails within a bounded time, naming the S3
 * operation and bucket and no secret; the stopped container runs again; no snapshot is listed
 * as complete (no manifest);
 * once S3 is back a new backup works and check finds at most leftovers (warnings).
 * (S3OutageIT covers S3 going away while the container is stopped, before any upload.)
 */
class S3UploadOutageIT {

    static final String PROJECT = "it-upout-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUCKET = "upload-outage";

    @TempDir
    Path dir;

    @Test
    void s3StoppedDuringAnUploadFailsTheRunCleanlyAndTheNextOneWorks() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        int port = s3.port();
        GenericContainer<?> files = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "files"));
        files.start();
        try {
            AppContainer.sh(files, "head -c 62914560 /dev/urandom > /data/blob && echo hi > /data/small");
            Path config = dir.resolve("snapdock.properties");
            Files.writeString(config, String.join("\n",
                    "snapdock.repository=s3://" + BUCKET + "/p",
                    "snapdock.s3.endpoint=" + s3.endpoint(),
                    "snapdock.s3.access-key=" + s3.accessKey(),
                    "snapdock.s3.secret-key=" + s3.secretKey(),
                    // Parts of 5 MiB in a pack of up to 64 MiB: the upload is a multipart one, visible on the server.
                    "snapdock.s3.part-size-mb=5",
                    "snapdock.s3.upload-concurrency=2",
                    "snapdock.repository.pack-size-mib=64",
                    "snapdock.s3.max-attempts=3",
                    "snapdock.s3.connect-timeout-seconds=2",
                    "snapdock.s3.read-timeout-seconds=10",
                    // No redelivery of the whole store on top of the S3 retries: the bound is the S3 one.
                    "snapdock.retry.max-redeliveries=0",
                    "snapdock.state-dir=" + dir.resolve("state"),
                    "snapdock.compose-project=" + PROJECT, ""));

            CompletableFuture<Cli.Result> run = CompletableFuture
                    .supplyAsync(() -> Cli.run("backup", "--config", config.toString()));
            await("a multipart upload under way").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> run.isDone() || !s3.pendingUploads(BUCKET).isEmpty());
            assertThat(run).as("the backup was still uploading").isNotDone();
            long stoppedAt = System.nanoTime();
            s3.stop();

            Cli.Result r = run.get(120, TimeUnit.SECONDS);
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);
            System.out.printf("backup failed %d ms after S3 stopped%n", failedAfter.toMillis());
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(failedAfter).as("bounded by max-attempts and the timeouts").isLessThan(Duration.ofSeconds(60));
            assertThat(r.err()).containsPattern("S3 [a-z ]+ s3://" + BUCKET + "/p/")
                    .doesNotContain(s3.secretKey());
            assertThat(Docker.running(files.getContainerId())).as("the volume's container started again").isTrue();
            assertThat(Files.readString(dir.resolve("state/stopped-containers.json")).replaceAll("\\s", ""))
                    .isEqualTo("[]");

            try (S3ProxyServer back = S3ProxyServer.start(dir.resolve("s3"), port)) {
                assertThat(back.keys(BUCKET)).as("no manifest of the failed run")
                        .noneMatch(k -> k.startsWith("p/snapshots/") && k.endsWith("manifest.json"));
                Cli.Result list = Cli.run("list", "--json", "--config", config.toString());
                assertThat(list.exit()).as(list.toString()).isZero();
                // What the failed run left shows at most as incomplete (not restorable), never as a snapshot.
                assertThat(list.out().replaceAll("\\s", "")).doesNotContain("\"complete\":true");

                Cli.Result again = Cli.run("backup", "--config", config.toString());
                assertThat(again.exit()).as(again.toString()).isZero();
                String stamp = again.lastLine();
                assertThat(Cli.run("list", "--config", config.toString()).out()).contains(stamp);

                Cli.Result check = Cli.run("check", "--config", config.toString());
                System.out.println(check.out());
                assertThat(check.exit()).as(check.toString()).isZero();
                assertThat(check.out()).startsWith("ok").doesNotContain("  error ");
            }
        } finally {
            files.stop();
        }
    }
}
