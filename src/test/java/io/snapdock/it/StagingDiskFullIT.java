package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SmallDisk;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault g of the matrix: the local disk Snapdock stages on is full. A stop-mode copy goes to
 * {@code <state-dir>/staging} before its upload; a restore keeps the store's current data aside
 * (and downloads a file to put in place) in the JVM's temporary folder. Each is put on a tmpfs of
 * 4 MiB while the folder store holds 8 MB: the write really fails with "No space left on device".
 * Either way the container runs again, nothing half-written is listed, the store keeps its data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagingDiskFullIT {

    static final String PROJECT = "it-diskfull-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static GenericContainer<?> vectors;
    static Path config;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        vectors = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "vectors"));
        vectors.start();
        AppContainer.sh(vectors, "mkdir -p /data/seg && head -c 4000000 /dev/urandom > /data/seg/1.bin"
                + " && head -c 4000000 /dev/urandom > /data/seg/2.bin && echo '{\"dim\": 384}' > /data/meta.json");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT, ""));
        Cli.Result b = Cli.run("backup", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        stamp = b.lastLine();
    }

    @AfterAll
    static void stop() {
        if (vectors != null) {
            vectors.stop();
        }
    }

    static JsonNode list() throws Exception {
        Cli.Result r = Cli.run("list", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return ServiceHttp.JSON.readTree(r.out());
    }

    static String journal() throws Exception {
        return Files.readString(dir.resolve("state/stopped-containers.json")).replaceAll("\\s", "");
    }

    @Test
    @Order(1)
    void aBackupWhoseStagingDiskFillsFailsAndStartsTheContainerAgain() throws Exception {
        String before = AppContainer.tree(vectors);
        String listed = list().toString();
        try (SmallDisk staging = SmallDisk.mount(dir.resolve("state/staging"), 4)) {
            Cli.Result r = Cli.run("backup", "--store", "vectors", "--config", config.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("vectors").contains("No space left on device");
            assertThat(Docker.running(vectors.getContainerId())).as("started again").isTrue();
            assertThat(journal()).isEqualTo("[]");
            assertThat(list().toString()).as("nothing new listed").isEqualTo(listed);
            assertThat(AppContainer.tree(vectors)).isEqualTo(before);
            // The partial copy was removed: the disk is free again for the next run.
            assertThat(staging.free()).isGreaterThan(3L << 20);
        }
        System.out.println("fault-matrix g volume (backup): backup failed (No space left on device), store running,"
                + " nothing listed");
    }

    @Test
    @Order(2)
    void aRestoreWhoseTemporaryDiskFillsChangesNothing() throws Exception {
        AppContainer.sh(vectors, "echo changed > /data/meta.json && echo new > /data/written-after-the-backup");
        String before = AppContainer.tree(vectors);
        try (SmallDisk tmp = SmallDisk.mount(dir.resolve("small-tmp"), 4)) {
            Path log = dir.resolve("restore.log");
            Process p = SnapdockProcess.start(dir, log,
                    Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp.path()),
                    "restore", stamp, "--store", "vectors", "--config", config.toString());
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("No space left on device");
            assertThat(Docker.running(vectors.getContainerId())).as("started again").isTrue();
            assertThat(journal()).isEqualTo("[]");
            assertThat(AppContainer.tree(vectors)).as("the folder as it was before the restore").isEqualTo(before);
            System.out.println(out);
        }
        Cli.Result safety = Cli.run("list", "--safety", "--json", "--config", config.toString());
        String outcome = ServiceHttp.JSON.readTree(safety.out()).get(0).path("outcome").asText();
        assertThat(outcome).as(safety.toString()).isEqualTo("rolled-back");
        assertThat(AppContainer.tree(vectors)).isEqualTo(before);
        System.out.println("fault-matrix g volume (restore): " + outcome);
    }
}
