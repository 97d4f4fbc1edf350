package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapdock's routes run by Camel JBang ({@code camel run}, through scripts/camel) with the packaged
 * jar on its classpath: the backup schedule fires, a labelled PostgreSQL lands in a local folder
 * repository as a complete, valid snapshot, and the service's metrics report it.
 */
class CamelJBangIT {

    static final String PROJECT = "it-jbang-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STORE = "platform-db";

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static Process camel;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, STORE, Map.of());
        pg.seed();
        port = Ports.closed();
        Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                // every 20 seconds, so the test does not wait for a nightly backup
                "snapdock.schedule.backup=0/20 * * * * ?", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.destroy();
            if (!camel.waitFor(30, TimeUnit.SECONDS)) {
                camel.destroyForcibly();
            }
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void camelRunBacksUpALabelledStoreOnSchedule() throws Exception {
        Path root = SnapdockProcess.jar().toAbsolutePath().getParent().getParent();
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/camel", "run"));
        try (Stream<Path> routes = Files.list(root.resolve("routes"))) {
            routes.map(p -> "routes/" + p.getFileName()).filter(n -> n.endsWith(".camel.yaml")).sorted()
                    .forEach(cmd::add);
        }
        cmd.addAll(List.of("target/snapdock.jar", "--properties=config/jbang.properties",
                "--prop=snapdock.config=" + dir.resolve("snapdock.properties"), "--prop=snapdock.http.port=" + port));
        Path log = dir.resolve("camel-run.log");
        camel = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();

        // The first run may fetch Camel JBang and what it loads from Maven: allow for it.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .failFast("camel run ended", () -> !camel.isAlive())
                .until(() -> validSnapshot().isPresent());
        Path snapshot = validSnapshot().orElseThrow();

        JsonNode manifest = ServiceHttp.JSON.readTree(snapshot.resolve("manifest.json").toFile());
        assertThat(manifest.path("stores").get(0).path("name").asText()).isEqualTo(STORE);
        assertThat(manifest.path("stores").get(0).path("artifacts").toString()).contains("globals.sql", "db-shop.dump");
        assertThat(new io.snapdock.testsupport.RepoFiles(dir.resolve("repository"))
                .read(snapshot.getFileName().toString(), STORE, "db-shop.dump")).startsWith("PGDMP".getBytes());
        assertThat(Files.readString(log)).contains("Apache Camel (JBang) 4.17.0", "backup run");

        ServiceHttp http = new ServiceHttp("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.get("/observe/metrics").body()
                        .contains("snapdock_backup_last_result{store=\"" + STORE + "\"} 1.0"));
        assertThat(http.get("/api/backups").body()).contains(snapshot.getFileName().toString(), "valid");
    }

    /** A snapshot with its manifest and a validation that found it valid. */
    static Optional<Path> validSnapshot() throws IOException {
        Path snapshots = dir.resolve("repository/snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.list(snapshots)) {
            for (Path s : all.sorted().toList()) {
                Path validation = s.resolve("validation.json");
                if (Files.exists(s.resolve("manifest.json")) && Files.exists(validation)
                        && ServiceHttp.JSON.readTree(validation.toFile()).path("valid").asBoolean()) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
