package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stop mode: only stop-mode containers are stopped, only for their copy, and they are ALWAYS
 * started again — after a failing dump, and after Snapdock itself is killed with SIGKILL while
 * a container is stopped (the stop journal is replayed by the next Snapdock process).
 */
class StopModeIT {

    static final String PROJECT = "it-stop-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static PostgresStore onlinePg;
    static PostgresStore coldPg;
    static GenericContainer<?> vectors;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        onlinePg = PostgresStore.startLabelled(PROJECT, "db", Map.of());
        onlinePg.seed();
        coldPg = PostgresStore.startLabelled(PROJECT, "legacy-db", Map.of("snapdock.mode", "stop"));
        coldPg.seed();
        vectors = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", PROJECT, "com.docker.compose.service", "vectors"));
        vectors.start();
        AppContainer.sh(vectors, "mkdir -p /data/index/seg && head -c 3000000 /dev/urandom > /data/index/seg/0001.bin"
                + " && echo '{\"dim\": 384}' > /data/index/meta.json && chmod 640 /data/index/meta.json"
                + " && ln -s index/meta.json /data/current");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + dir.resolve("repository") + "\n"
                + "snapdock.state-dir=" + dir.resolve("state") + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n");
    }

    @AfterAll
    static void stop() {
        vectors.stop();
        coldPg.close();
        onlinePg.close();
    }

    @Test
    void onlyStopModeStoresAreStoppedAndAllComeBackIdentical() throws Exception {
        String onlineStarted = Docker.startedAt(onlinePg.container().getContainerId());
        String vectorsStarted = Docker.startedAt(vectors.getContainerId());
        Map<String, String> coldBefore = coldPg.fingerprint();
        String treeBefore = AppContainer.tree(vectors);

        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        String stamp = r.lastLine();

        assertThat(Docker.startedAt(onlinePg.container().getContainerId())).as("online store never stopped")
                .isEqualTo(onlineStarted);
        assertThat(Docker.startedAt(vectors.getContainerId())).as("stop-mode store was restarted")
                .isNotEqualTo(vectorsStarted);
        assertThat(Docker.running(vectors.getContainerId())).isTrue();
        assertThat(Docker.running(coldPg.container().getContainerId())).isTrue();

        JsonNode manifest = new ObjectMapper().readTree(Cli.run("show", stamp, "--config", config.toString()).out());
        for (JsonNode s : manifest.path("stores")) {
            String name = s.path("name").asText();
            if (name.equals("db")) {
                assertThat(s.path("method").asText()).isEqualTo("online");
                assertThat(s.path("downtimeMs").asLong()).isZero();
            } else {
                assertThat(s.path("method").asText()).isEqualTo("stop");
                assertThat(s.path("downtimeMs").asLong()).as(name).isPositive();
                System.out.println("downtime of " + name + ": " + s.path("downtimeMs").asLong() + " ms");
            }
        }

        AppContainer.sh(vectors, "rm -rf /data/index && echo stray > /data/stray");
        coldPg.exec("shop", "DELETE FROM orders");
        Cli.Result restore = Cli.run("restore", stamp, "--store", "vectors", "--store", "legacy-db", "--config",
                config.toString());
        assertThat(restore.exit()).as(restore.toString()).isZero();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> coldPg.fingerprint() != null);
        assertThat(AppContainer.tree(vectors)).isEqualTo(treeBefore);
        assertThat(coldPg.fingerprint()).isEqualTo(coldBefore);
    }

    @Test
    void aFailingStopModeDumpStillStartsTheContainerAndListsNothingRestorable() throws Exception {
        Path cfg = dir.resolve("failing.properties");
        Files.writeString(cfg, Files.readString(config)
                + "snapdock.stores.vectors.path=/does/not/exist\n");
        Cli.Result r = Cli.run("backup", "--store", "vectors", "--config", cfg.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("vectors", "/does/not/exist");
        assertThat(Docker.running(vectors.getContainerId())).isTrue();
        assertThat(Cli.run("list", "--json", "--config", cfg.toString()).out()).doesNotContain("\"complete\" : false");
    }

    @Test
    void aKilledSnapdockLeavesNoContainerStopped() throws Exception {
        // A companion that ignores SIGTERM: stopping it takes the whole stop timeout, so
        // Snapdock is caught between "vectors stopped" and "vectors started again".
        GenericContainer<?> slow = AppContainer.create(Map.of())
                .withCreateContainerCmdModifier(c -> c.withStopSignal("SIGTERM"));
        slow.start();
        try {
            Path cfg = dir.resolve("kill.properties");
            Files.writeString(cfg, Files.readString(config)
                    + "snapdock.stop.timeout-seconds=30\n"
                    + "snapdock.stores.vectors.stop-with=" + slow.getContainerName().replaceFirst("^/", "") + "\n");
            Process p = SnapdockProcess.start(dir, dir.resolve("killed.log"), "backup", "--store", "vectors",
                    "--config", cfg.toString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !Docker.running(vectors.getContainerId()));
            p.destroyForcibly();   // SIGKILL
            p.waitFor();
            assertThat(Docker.running(vectors.getContainerId())).as("still stopped after the kill").isFalse();
            assertThat(Files.readString(dir.resolve("state/stopped-containers.json")))
                    .contains(vectors.getContainerId());

            long t0 = System.nanoTime();
            Cli.Result next = SnapdockProcess.run(dir, "list", "--config", cfg.toString());
            assertThat(next.exit()).as(next.toString()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> Docker.running(vectors.getContainerId()));
            System.out.println(
                    "vectors running again " + (System.nanoTime() - t0) / 1_000_000 + " ms after the next start");
            assertThat(next.err()).contains("started", vectors.getContainerName().replaceFirst("^/", ""));
        } finally {
            slow.stop();
        }
    }
}
