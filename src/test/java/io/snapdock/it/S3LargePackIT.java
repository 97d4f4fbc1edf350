package io.snapdock.it;

import io.snapdock.repo.content.ContentStore;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.CuttingProxy;
import io.snapdock.testsupport.LogCapture;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pack larger than 100 MiB in S3: a volume of ~106 MiB of random (incompressible) data backed
 * up with packs of up to 160 MiB goes up as one multipart object (parts of 16 MiB, 4 in
 * parallel), validates, and restores byte-identical — also through a
 * connection that drops in the middle of the download, which Snapdock resumes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3LargePackIT {

    static final String PROJECT = "it-bigpack-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUCKET = "bigpack";
    static final long MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static S3ProxyServer s3;
    static GenericContainer<?> files;
    static Path config;
    static String stamp;
    static String tree;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        files = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "files"));
        files.start();
        AppContainer.sh(files, "mkdir -p /data/vectors && head -c 104857600 /dev/urandom > /data/vectors/segment-0.bin"
                + " && head -c 6291456 /dev/urandom > /data/vectors/segment-1.bin && echo '{\"segments\": 2}' > /data/meta.json");
        tree = AppContainer.tree(files);
        config = writeConfig("snapdock.properties", s3.endpoint());
    }

    static Path writeConfig(String name, String endpoint) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "snapdock.repository=s3://" + BUCKET + "/backups",
                "snapdock.s3.endpoint=" + endpoint,
                "snapdock.s3.access-key=" + s3.accessKey(),
                "snapdock.s3.secret-key=" + s3.secretKey(),
                "snapdock.s3.part-size-mb=16",
                "snapdock.s3.upload-concurrency=4",
                "snapdock.repository.pack-size-mib=160",
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT) + "\n");
        return file;
    }

    @AfterAll
    static void stop() {
        if (files != null) {
            files.stop();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void aPackOverOneHundredMibIsOneMultipartObject() {
        long started = System.nanoTime();
        Cli.Result backup = Cli.run("backup", "--config", config.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        stamp = backup.lastLine();
        System.out.printf("backup of ~106 MiB into S3: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        String packs = "backups/" + ContentStore.DATA;
        List<String> packKeys = s3.keys(BUCKET).stream().filter(k -> k.startsWith(packs)).toList();
        assertThat(packKeys).isNotEmpty();
        HeadObjectResponse largest = packKeys.stream().map(k -> s3.head(BUCKET, k))
                .max((a, b) -> Long.compare(a.contentLength(), b.contentLength())).orElseThrow();
        System.out.printf("largest pack: %d bytes, ETag %s%n", largest.contentLength(), largest.eTag());
        assertThat(largest.contentLength()).isGreaterThan(100 * MIB);
        // An S3 multipart ETag is "md5-of-the-part-md5s-N", N the number of parts: > 100 MiB in 16 MiB parts is 7 or more.
        assertThat(largest.eTag()).matches("\"?[0-9a-f]{32}-([7-9]|\\d\\d)\"?");
        assertThat(s3.pendingUploads(BUCKET)).isEmpty();

        Cli.Result validate = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(validate.exit()).as(validate.toString()).isZero();
    }

    @Test
    @Order(2)
    void itRestoresByteIdenticalThroughAConnectionThatDrops() throws Exception {
        AppContainer.sh(files, "rm -rf /data/vectors /data/meta.json");
        assertThat(AppContainer.tree(files)).isNotEqualTo(tree);
        try (CuttingProxy cutter = CuttingProxy.start(s3.port()); LogCapture log = LogCapture.start()) {
            Path throughCutter = writeConfig("cutting.properties", cutter.endpoint());
            // Dropped once, some 40 MiB into a connection's responses: in the middle of the pack.
            cutter.cutOnceAfter(40 * MIB + 12_345);
            Cli.Result restore = Cli.run("restore", stamp, "--config", throughCutter.toString());
            assertThat(restore.exit()).as(restore.toString()).isZero();
            assertThat(cutter.cuts()).isEqualTo(1);
            assertThat(log.text()).contains("the download was cut at byte").contains("resuming from there")
                    .doesNotContain(s3.secretKey());
        }
        // Owner, mode, size and SHA-256 of every file.
        assertThat(AppContainer.tree(files)).isEqualTo(tree);
    }
}
