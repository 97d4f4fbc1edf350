package io.snapdock.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Json;
import io.snapdock.model.Stamp;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Ports;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/prune on a served instance: a dry run answers the plan, a prune is a run with what it deleted; bad bodies are 400. */
class PruneApiTest {

    @TempDir
    Path dir;

    private void snapshot(String stamp) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("repo/snapshots").resolve(stamp));
        Files.writeString(folder.resolve("started.json"), "{}");
        Files.writeString(folder.resolve("manifest.json"), "{\"format\":2,\"stamp\":\"" + stamp
                + "\",\"stores\":[{\"name\":\"db\",\"artifacts\":[]}]}");
        Files.writeString(folder.resolve("validation.json"),
                "{\"stamp\":\"" + stamp + "\",\"valid\":true,\"errors\":[]}");
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPruneGivesUpNamingTheHolderWhileABackupHoldsTheLockAndDeletesNothing() throws Exception {
        String old = Stamp.of(Instant.now().minus(Duration.ofDays(10)));
        snapshot(Stamp.of(Instant.now().minus(Duration.ofHours(1))));
        snapshot(old);
        Path f = Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repo"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.discovery.enabled=false",
                "snapdock.retention.daily=1", "snapdock.retention.weekly=0", "snapdock.retention.monthly=0",
                "snapdock.retention.min-keep=1",
                "snapdock.lock.wait-seconds=1") + "\n");
        try (RepositoryLock backup = RepositoryLock.shared(new FileRepository(dir.resolve("repo")), "backup",
                new RepositoryLock.Settings(Duration.ofMinutes(30), Duration.ZERO))) {
            Cli.Result r = Cli.run("prune", "--config", f.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);   // another run holds the lock
            assertThat(r.err())
                    .contains("is locked by a shared lock of a backup (pid " + ProcessHandle.current().pid());
        }
        assertThat(Files.exists(dir.resolve("repo/snapshots").resolve(old).resolve("manifest.json"))).isTrue();
        Cli.Result dry = Cli.run("prune", "--dry-run", "--config", f.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsPattern(old + "\\s+DELETE\\s+no rule keeps it");
    }

    @Test
    void dryRunAnswersThePlanAndAPruneIsARun() throws Exception {
        Instant now = Instant.now();
        String newest = Stamp.of(now.minus(Duration.ofHours(1)));
        String old = Stamp.of(now.minus(Duration.ofDays(10)));
        snapshot(newest);
        snapshot(old);
        int port = Ports.closed();
        Path f = Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repo"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.discovery.enabled=false",
                "snapdock.schedule.enabled=false",
                "snapdock.retention.daily=1", "snapdock.retention.weekly=0", "snapdock.retention.monthly=0",
                "snapdock.retention.min-keep=1",
                "snapdock.http.port=" + port) + "\n");
        Main main = SnapdockApp.create(SnapdockConfig.load(f, Map.of()), true);
        main.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api";

            HttpResponse<String> dry = post(http, base + "/prune", "{\"dryRun\": true}");
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            JsonNode plan = Json.MAPPER.readTree(dry.body());
            assertThat(plan.path("dryRun").asBoolean()).isTrue();
            assertThat(plan.path("deleted").get(0).asText()).isEqualTo("snapshots/" + old);
            assertThat(Files.exists(dir.resolve("repo/snapshots").resolve(old).resolve("manifest.json"))).isTrue();

            assertThat(post(http, base + "/prune", "{\"dryrun\": true}").statusCode()).isEqualTo(400);

            HttpResponse<String> started = post(http, base + "/prune", "");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = Json.MAPPER.readTree(started.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/runs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .has("finishedAt"));
            JsonNode runs = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/runs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode run = null;
            for (JsonNode r : runs) {
                if (r.path("id").asText().equals(id)) {
                    run = r;
                }
            }
            assertThat(run).as(runs.toString()).isNotNull();
            assertThat(run.path("kind").asText()).isEqualTo("prune");
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("prune").path("deleted").get(0).asText()).isEqualTo("snapshots/" + old);
            assertThat(Files.exists(dir.resolve("repo/snapshots").resolve(old).resolve("manifest.json"))).isFalse();
            assertThat(Files.exists(dir.resolve("repo/snapshots").resolve(newest).resolve("manifest.json"))).isTrue();
        } finally {
            main.stop();
        }
    }
}
