package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The service as an operator watches it: readiness (Docker, repository, the age of each store's
 * newest valid backup), Prometheus metrics after a real backup and restore, the Camel routes read
 * through Jolokia (what Hawtio shows), and the OpenAPI document against the REST endpoints Camel
 * really serves.
 */
class OperationsIT {

    static final String PROJECT = "it-ops-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STORE = "platform-db";
    static final String OLD_STAMP = "20200101T000000Z";

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static Process service;
    static ServiceHttp http;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, STORE, Map.of());
        pg.seed();
        int port = Ports.closed();
        http = new ServiceHttp("http://127.0.0.1:" + port);
        Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.http.port=" + port,
                // daily schedule: a backup older than two days makes the service degraded
                "snapdock.schedule.backup=0 0 1 * * ?", ""));
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
    }

    @Test
    void readinessMetricsJolokiaAndOpenApiTellTheTruth() throws Exception {
        // A valid backup that is years old: the only one the store has when the service starts.
        Cli.Result backup = SnapdockProcess.run(dir, "backup", "--config",
                dir.resolve("snapdock.properties").toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        ageSnapshot(backup.lastLine(), OLD_STAMP);

        service = SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve", "--config",
                dir.resolve("snapdock.properties").toString());
        http.awaitLive(Duration.ofSeconds(120));

        // 1. Readiness: Docker and the repository are fine, the store's newest valid backup is too old.
        HttpResponse<String> degraded = http.get("/observe/health/ready?data=true");
        assertThat(degraded.statusCode()).as(degraded.body()).isEqualTo(503);
        JsonNode checks = ServiceHttp.JSON.readTree(degraded.body()).path("checks");
        assertThat(check(checks, "snapdock-docker").path("status").asText()).isEqualTo("UP");
        assertThat(check(checks, "snapdock-repository").path("status").asText()).isEqualTo("UP");
        JsonNode age = check(checks, "snapdock-backup-age");
        assertThat(age.path("status").asText()).isEqualTo("DOWN");
        assertThat(age.path("message").asText()).contains("degraded", STORE);
        assertThat(age.path("data").path("store." + STORE + ".newest-valid").asText()).isEqualTo(OLD_STAMP);
        assertThat(age.path("data").path("backup.max-age-minutes").asLong()).isEqualTo(2 * 24 * 60);
        assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);

        // 2. A backup over REST: ready again, and the metrics say what the run says.
        double before = Instant.now().toEpochMilli() / 1000.0;
        JsonNode run = http.runToEnd("/api/backups", "{}", Duration.ofMinutes(3));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        JsonNode result = run.path("stores").get(0);
        HttpResponse<String> ready = http.get("/observe/health/ready?data=true");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(check(ServiceHttp.JSON.readTree(ready.body()).path("checks"), "snapdock-backup-age")
                .path("data").path("store." + STORE + ".newest-valid").asText()).isEqualTo(run.path("stamp").asText());

        pg.exec("shop", "DELETE FROM orders WHERE id % 2 = 0");
        JsonNode restore = http.runToEnd("/api/restores",
                "{\"stamp\": \"" + run.path("stamp").asText() + "\", \"stores\": [\"" + STORE + "\"]}",
                Duration.ofMinutes(3));
        assertThat(restore.path("status").asText()).as(restore.toString()).isEqualTo("succeeded");

        HttpResponse<String> scrape = http.get("/observe/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = scrape.body();
        String store = "store=\"" + STORE + "\"";
        assertThat(sample(metrics, "snapdock_backup_last_result", store)).isEqualTo(1.0);
        assertThat(sample(metrics, "snapdock_backup_written_bytes", store)).isEqualTo(result.path("bytes").asDouble())
                .isPositive();
        assertThat(sample(metrics, "snapdock_backup_duration_seconds", store))
                .isCloseTo(result.path("durationMs").asDouble() / 1000.0, within(0.0005));
        assertThat(sample(metrics, "snapdock_backup_downtime_seconds", store)).isEqualTo(0.0);
        assertThat(sample(metrics, "snapdock_backup_last_success_timestamp_seconds", store))
                .isBetween(before, Instant.now().toEpochMilli() / 1000.0);
        assertThat(sample(metrics, "snapdock_validation_valid", store)).isEqualTo(1.0);
        assertThat(sample(metrics, "snapdock_restore_last_result", store)).isEqualTo(1.0);
        assertThat(sample(metrics, "snapdock_restore_duration_seconds", store)).isPositive();
        assertThat(sample(metrics, "snapdock_runs_total", "kind=\"backup\",status=\"succeeded\"")).isEqualTo(1.0);
        assertThat(sample(metrics, "snapdock_runs_total", "kind=\"restore\",status=\"succeeded\"")).isEqualTo(1.0);
        // Camel's own route metrics are there too.
        assertThat(sample(metrics, "camel_exchanges_total", "routeId=\"backup-run\"")).isEqualTo(1.0);

        // 3. Jolokia: the routes and the context as Hawtio reads them.
        JsonNode total = http.getJson(
                "/observe/jolokia/read/org.apache.camel:context=snapdock,type=routes,name=%22backup-run%22/ExchangesTotal");
        assertThat(total.path("status").asInt()).as(total.toString()).isEqualTo(200);
        assertThat(total.path("value").asLong()).isEqualTo(1);
        JsonNode state = http.getJson(
                "/observe/jolokia/read/org.apache.camel:context=snapdock,type=context,name=%22snapdock%22/State");
        assertThat(state.path("value").asText()).isEqualTo("Started");
        JsonNode routes = http.getJson("/observe/jolokia/search/org.apache.camel:context=snapdock,type=routes,*");
        assertThat(routes.path("value").toString()).contains("backup-run", "restore-run", "backup-store",
                "validate-snapshot");
        JsonNode write = http.getJson(
                "/observe/jolokia/write/org.apache.camel:context=snapdock,type=context,name=%22snapdock%22/Tracing/true");
        assertThat(write.path("status").asInt()).as("attributes cannot be written").isEqualTo(403);

        // 4. OpenAPI: exactly the endpoints Camel serves (its REST registry, read over Jolokia).
        HttpResponse<String> openapi = http.get("/api/openapi.json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        Set<String> documented = new TreeSet<>();
        ServiceHttp.JSON.readTree(openapi.body()).path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        http.getJson(
                "/observe/jolokia/exec/org.apache.camel:context=snapdock,name=DefaultRestRegistry,type=services/listRestServices()")
                .path("value")
                .forEach(byUrl -> byUrl.forEach(s -> served.add(s.path("method").asText().toUpperCase() + " "
                        + s.path("basePath").asText() + s.path("uriTemplate").asText())));
        assertThat(documented).isNotEmpty().isEqualTo(served)
                .contains("POST /api/backups", "GET /api/backups/{stamp}", "POST /api/restores", "GET /api/runs/{id}");
        // Each documented GET without parameters answers (no path that only exists on paper).
        for (String op : documented) {
            if (op.startsWith("GET ") && !op.contains("{")) {
                assertThat(http.get(op.substring(4)).statusCode()).as(op).isEqualTo(200);
            }
        }
    }

    /** Moves a snapshot to an older stamp, as if it had been taken then. */
    static void ageSnapshot(String stamp, String older) throws Exception {
        Path snapshots = dir.resolve("repository/snapshots");
        Path moved = Files.move(snapshots.resolve(stamp), snapshots.resolve(older));
        try (var files = Files.list(moved)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.writeString(f, Files.readString(f).replace(stamp, older));
            }
        }
    }

    static JsonNode check(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no health check " + name + " in " + checks);
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labels}. */
    static double sample(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in the scrape");
    }
}
