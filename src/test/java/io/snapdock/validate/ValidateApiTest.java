package io.snapdock.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Json;
import io.snapdock.model.Stamp;
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

/**
 * Validation on demand starts a run and writes {@code validation.json}: it is a POST on a served
 * instance; a GET of the same path changes nothing and answers 405.
 */
class ValidateApiTest {

    @TempDir
    Path dir;

    @Test
    void validateIsAPostAndAGetChangesNothing() throws Exception {
        String stamp = Stamp.of(Instant.now().minus(Duration.ofHours(1)));
        Path folder = Files.createDirectories(dir.resolve("repo/snapshots").resolve(stamp));
        Files.writeString(folder.resolve("started.json"), "{}");
        Files.writeString(folder.resolve("manifest.json"), "{\"format\":2,\"stamp\":\"" + stamp
                + "\",\"stores\":[{\"name\":\"db\",\"type\":\"postgres\",\"artifacts\":[]}]}");
        int port = Ports.closed();
        Path f = Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repo"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.discovery.enabled=false",
                "snapdock.schedule.enabled=false",
                "snapdock.http.port=" + port) + "\n");
        Main main = SnapdockApp.create(SnapdockConfig.load(f, Map.of()), true);
        main.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/backups/" + stamp + "/validate");

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(get.body()).isEqualTo(405);
            assertThat(folder.resolve("validation.json")).doesNotExist();
            assertThat(runs(http, port)).isEmpty();

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            JsonNode report = Json.MAPPER.readTree(post.body());
            assertThat(report.path("stamp").asText()).isEqualTo(stamp);
            assertThat(report.has("valid")).as(post.body()).isTrue();
            assertThat(folder.resolve("validation.json")).exists();
            JsonNode runs = runs(http, port);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).path("kind").asText()).isEqualTo("validate");
        } finally {
            main.stop();
        }
    }

    private static JsonNode runs(HttpClient http, int port) throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/runs")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
