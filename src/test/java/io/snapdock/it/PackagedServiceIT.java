package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.S3ProxyServer;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, the way an operator runs it: the packaged jar as its own process, a labelled
 * PostgreSQL container, an S3 repository (S3Proxy). A backup by the CLI, then the service:
 * health, listing, a backup and a restore started over REST and followed to completion, and
 * bad requests answered with 4xx.
 */
class PackagedServiceIT {

    static final String PROJECT = "it-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUCKET = "snapdock-e2e";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static S3ProxyServer s3;
    static PostgresStore pg;
    static Path config;
    static Process service;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket(BUCKET);
        pg = PostgresStore.startLabelled(PROJECT, "platform-db", Map.of());
        pg.seed();
        int port = Ports.closed();
        base = "http://127.0.0.1:" + port;
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=s3://" + BUCKET + "/prod",
                "snapdock.s3.endpoint=" + s3.endpoint(),
                "snapdock.s3.access-key=" + s3.accessKey(),
                "snapdock.s3.secret-key=" + s3.secretKey(),
                "snapdock.s3.path-style=true",
                "snapdock.compose-project=" + PROJECT,
                "snapdock.http.port=" + port, ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (pg != null) {
            pg.close();
        }
        s3.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertStatus(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    static JsonNode awaitRun(String id) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = JSON.readTree(get("/api/runs/" + id).body()).path("status").asText();
            return status.equals("succeeded") || status.equals("failed");
        });
        return JSON.readTree(get("/api/runs/" + id).body());
    }

    @Test
    void anOperatorBacksUpAndRestoresThroughTheJarAndTheApi() throws Exception {
        // 1. One backup from the command line, into S3.
        Cli.Result backup = SnapdockProcess.run(dir, "backup", "--config", config.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String first = backup.lastLine();
        assertThat(s3.keys(BUCKET)).contains("prod/config.json", "prod/snapshots/" + first + "/manifest.json")
                .anyMatch(k -> k.startsWith("prod/data/")).anyMatch(k -> k.startsWith("prod/index/"));
        Map<String, String> before = pg.fingerprint();

        // 2. The service.
        service = SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve", "--config", config.toString());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get("/observe/health").statusCode() == 200);
        assertThat(get("/observe/health").body()).contains("UP");

        HttpResponse<String> list = get("/api/backups");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(first, "valid");
        assertThat(get("/api/backups/" + first).body()).contains("\"platform-db\"", "db-shop.dump");

        // 3. Bad requests: 4xx with a JSON error, nothing started.
        HttpResponse<String> unknown = post("/api/backups", "{\"stores\": [\"nosuch\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("message").asText()).contains("unknown store 'nosuch'");
        assertStatus(post("/api/backups", "{not json"), 400);
        assertStatus(post("/api/restores", "{\"stamp\": \"../../etc\"}"), 400);
        assertStatus(post("/api/restores", "{\"stamp\": \"20200101T000000Z\"}"), 404);
        assertStatus(get("/api/backups/20200101T000000Z"), 404);
        assertStatus(get("/api/backups/not-a-stamp"), 400);
        assertStatus(get("/api/runs/nope"), 404);

        // 4. A backup over REST, followed to the end.
        HttpResponse<String> started = post("/api/backups", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = awaitRun(JSON.readTree(started.body()).path("id").asText());
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        String second = run.path("stamp").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(run.path("validation").path("valid").asBoolean()).isTrue();

        // A run: POST only. The HTTP server's own 405 (the path has no GET), not an API error body.
        assertThat(get("/api/backups/" + second + "/validate").statusCode()).isEqualTo(405);
        HttpResponse<String> validate = post("/api/backups/" + second + "/validate", "");
        assertThat(validate.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(validate.body()).path("valid").asBoolean()).as(validate.body()).isTrue();

        // 5. Lose data, restore over REST, get it back.
        pg.exec("shop", "TRUNCATE orders", "DROP VIEW big_orders");
        pg.exec("postgres", "DROP DATABASE \"analytics-db\"");
        HttpResponse<String> restore = post("/api/restores",
                "{\"stamp\": \"" + second + "\", \"stores\": [\"platform-db\"]}");
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        JsonNode restored = awaitRun(JSON.readTree(restore.body()).path("id").asText());
        assertThat(restored.path("status").asText()).as(restored.toString()).isEqualTo("succeeded");
        assertThat(pg.fingerprint()).isEqualTo(before);

        // 6. The repository's own check, over REST, reading every chunk back.
        HttpResponse<String> check = post("/api/check", "{\"readData\": true}");
        assertThat(check.statusCode()).as(check.body()).isEqualTo(202);
        JsonNode checked = awaitRun(JSON.readTree(check.body()).path("id").asText());
        assertThat(checked.path("status").asText()).as(checked.toString()).isEqualTo("succeeded");
        assertThat(checked.path("check").path("ok").asBoolean()).isTrue();
        assertThat(checked.path("check").path("snapshots").asInt()).isEqualTo(2);
        assertThat(checked.path("check").path("bytesRead").asLong()).isPositive();
        assertStatus(post("/api/check", "{\"readData\": \"sometimes\"}"), 400);

        // 7. Run history; no secret anywhere in what the service said.
        assertThat(get("/api/runs").body()).contains(second, "restore", "backup");
        String log = Files.readString(dir.resolve("serve.log"));
        assertThat(log).doesNotContain(s3.secretKey(), PostgresStore.PASSWORD);
        assertThat(get("/api/runs").body()).doesNotContain(s3.secretKey(), PostgresStore.PASSWORD);
    }
}
