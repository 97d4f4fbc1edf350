package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.ApiToken;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's bearer tokens and roles, against the packaged service: a viewer token in the config
 * file, operator and admin tokens in the environment (as an operator would pass them to a
 * container). No token, a wrong one or too low a role get a JSON 401/403; the operator backs up
 * but may not restore; the admin restores; health stays open; no token ever reaches the log; a
 * service asked to listen on every interface without tokens refuses to start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {

    static final String PROJECT = "it-auth-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STORE = "platform-db";

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static Process service;
    static ApiToken viewer;
    static ApiToken operator;
    static ApiToken admin;
    static ServiceHttp anonymous;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, STORE, Map.of());
        pg.exec("postgres", "CREATE TABLE items (id int PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g");
        viewer = ApiToken.create("viewer", "dashboard");
        operator = ApiToken.create("operator", "ci");
        admin = ApiToken.create("admin", "ops");
        int port = Ports.closed();
        Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.schedule.enabled=false",
                "snapdock.http.port=" + port,
                viewer.property(), ""));
        service = SnapdockProcess.start(dir, dir.resolve("serve.log"),
                Map.of("SNAPDOCK_AUTH_TOKENS_CI", operator.value(), "SNAPDOCK_AUTH_TOKENS_OPS", admin.value()),
                "serve", "--config", dir.resolve("snapdock.properties").toString());
        anonymous = new ServiceHttp("http://127.0.0.1:" + port);
        anonymous.awaitLive(Duration.ofMinutes(2));
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

    static JsonNode assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = ServiceHttp.JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        return body;
    }

    @Test
    @Order(1)
    void healthAndTheDashboardPageAreOpenTheApiIsNot() throws Exception {
        assertThat(anonymous.get("/observe/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/observe/health/ready").statusCode()).isIn(200, 503);
        HttpResponse<String> page = anonymous.get("/dashboard");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Snapdock</title>");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        HttpResponse<String> none = anonymous.get("/api/backups");
        assertError(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertError(anonymous.withToken("not-a-token").get("/api/runs"), 401, "unauthorized");
        assertError(anonymous.withToken(viewer.value()).get("/api/runs"), 401, "unauthorized");   // the hash is no token
        assertError(anonymous.post("/api/restores", "{}"), 401, "unauthorized");
        assertError(anonymous.get("/observe/metrics"), 401, "unauthorized");
        assertError(anonymous.get("/observe/jolokia/version"), 401, "unauthorized");
    }

    @Test
    @Order(2)
    void aViewerReadsButStartsNothing() throws Exception {
        ServiceHttp http = anonymous.withToken(viewer.token());
        assertThat(http.get("/api/backups").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/runs").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/openapi.json").statusCode()).isEqualTo(200);
        assertThat(http.get("/observe/metrics").statusCode()).isEqualTo(200);
        JsonNode denied = assertError(http.post("/api/backups", "{}"), 403, "forbidden");
        assertThat(denied.path("required").asText()).isEqualTo("operator");
        assertThat(denied.path("role").asText()).isEqualTo("viewer");
        assertError(http.post("/api/check", "{}"), 403, "forbidden");
        assertError(http.get("/observe/jolokia/version"), 403, "forbidden");
        assertThat(http.getJson("/api/runs").size()).as("nothing was started").isZero();
    }

    @Test
    @Order(3)
    void anOperatorBacksUpButDoesNotRestore() throws Exception {
        ServiceHttp http = anonymous.withToken(operator.token());
        JsonNode run = http.runToEnd("/api/backups", "{}", Duration.ofMinutes(2));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        stamp = run.path("stamp").asText();
        JsonNode denied = assertError(http.post("/api/restores", "{\"stamp\": \"" + stamp + "\"}"), 403, "forbidden");
        assertThat(denied.path("required").asText()).isEqualTo("admin");
        assertError(http.get("/observe/jolokia/version"), 403, "forbidden");
        assertThat(http.getJson("/api/runs").findValuesAsText("kind")).containsOnly("backup");
    }

    @Test
    @Order(4)
    void anAdminRestores() throws Exception {
        ServiceHttp http = anonymous.withToken(admin.token());
        pg.exec("postgres", "DELETE FROM items WHERE id > 10");
        JsonNode run = http.runToEnd("/api/restores", "{\"stamp\": \"" + stamp + "\", \"stores\": [\"" + STORE + "\"]}",
                Duration.ofMinutes(2));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        try (var c = pg.connect("postgres"); var rs = c.createStatement().executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
        }
        assertThat(http.get("/observe/jolokia/version").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void noTokenEverReachesTheLog() throws Exception {
        String log = Files.readString(dir.resolve("serve.log"));
        assertThat(log).contains("by token 'ops' (admin)", "by token 'ci' (operator)", "403 POST /api/backups");
        for (ApiToken t : new ApiToken[]{viewer, operator, admin}) {
            assertThat(log).doesNotContain(t.token());
        }
        assertThat(log).doesNotContain(PostgresStore.PASSWORD);
        assertThat(anonymous.withToken(admin.token()).get("/api/runs").body()).doesNotContain(admin.token(),
                operator.token());
    }

    @Test
    @Order(6)
    void withoutTokensItRefusesToListenOnEveryInterface() throws Exception {
        Path open = dir.resolve("open.properties");
        Files.writeString(open, String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state-open"),
                "snapdock.http.host=0.0.0.0",
                "snapdock.http.port=" + Ports.closed(), ""));
        Cli.Result r = SnapdockProcess.run(dir, "serve", "--config", open.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0", "snapdock.auth.tokens");

        Path broken = dir.resolve("broken.properties");
        String hash = admin.value().substring("admin:".length());
        Files.writeString(broken, String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.auth.tokens.ops=root:" + hash, ""));
        Cli.Result b = SnapdockProcess.run(dir, "serve", "--config", broken.toString());
        assertThat(b.exit()).as(b.toString()).isEqualTo(2);
        assertThat(b.err()).contains("snapdock.auth.tokens.ops").doesNotContain(hash);
    }
}
