package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.history.FailureLog;
import io.snapdock.history.StateDb;
import io.snapdock.model.Json;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.LocalImage;
import io.snapdock.testsupport.Ports;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.TriggerKey;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cleanup and repack against a real PostgreSQL 15 with pg_repack (docker/test-images/postgres-repack)
 * holding a Dagster-like event_logs table of a million rows; repack on a server without the
 * extension (docker/test-images/postgres); an SQL error and an unreachable target through the
 * dead-letter channel to the failure records and a real webhook; the REST API and the schedules
 * of a running service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceIT {

    static final String PASSWORD = "it-maint-pw-4f2a";
    static final int ROWS = 1_000_000;
    static final List<String> NOISY = List.of("ASSET_MATERIALIZATION_PLANNED", "ENGINE_EVENT", "HANDLED_OUTPUT",
            "LOADED_INPUT", "STEP_OUTPUT");

    static GenericContainer<?> repackDb;
    static GenericContainer<?> plainDb;
    static HttpServer webhook;
    static final List<String> hooks = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    static Path config;
    static Map<String, long[]> before;

    static GenericContainer<?> postgres(String image) {
        GenericContainer<?> c = LocalImage.container(image).withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        c.start();
        return c;
    }

    static String url(GenericContainer<?> c, String db) {
        return "jdbc:postgresql://127.0.0.1:" + c.getMappedPort(5432) + "/" + db;
    }

    static Connection connect(GenericContainer<?> c, String db) throws SQLException {
        return DriverManager.getConnection(url(c, db), "postgres", PASSWORD);
    }

    @BeforeAll
    static void setUp() throws Exception {
        repackDb = postgres("snapdock-test/postgres-repack:latest");
        plainDb = postgres("snapdock-test/postgres:latest");
        try (Connection c = connect(repackDb, "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE dagster");
        }
        try (Connection c = connect(plainDb, "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t1 (id int PRIMARY KEY)");
        }
        seedDagster();

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();

        String dg = "snapdock.maintenance.targets.dg.";
        config = Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.repository=file:" + dir.resolve("repo"),
                "snapdock.discovery.enabled=false",
                "snapdock.notify.webhook-url=http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "snapdock.notify.backoff-ms=50",
                "snapdock.retry.max-redeliveries=2",
                "snapdock.retry.delay-ms=100",
                "snapdock.maintenance.connect-timeout-seconds=1",
                dg + "url=" + url(repackDb, "dagster"),
                dg + "password=" + PASSWORD,
                dg + "container=" + repackDb.getContainerName().replaceFirst("^/", ""),
                dg + "profile=dagster",
                // Without a container, pg_repack would have to run on this machine, where it is not installed.
                "snapdock.maintenance.targets.dglocal.url=" + url(repackDb, "dagster"),
                "snapdock.maintenance.targets.dglocal.password=" + PASSWORD,
                "snapdock.maintenance.targets.dglocal.repack-tables=runs",
                "snapdock.maintenance.targets.plain.url=" + url(plainDb, "postgres"),
                "snapdock.maintenance.targets.plain.password=" + PASSWORD,
                "snapdock.maintenance.targets.plain.container=" + plainDb.getContainerName().replaceFirst("^/", ""),
                "snapdock.maintenance.targets.plain.repack-tables=t1",
                "snapdock.maintenance.targets.broken.url=" + url(repackDb, "dagster"),
                "snapdock.maintenance.targets.broken.password=" + PASSWORD,
                "snapdock.maintenance.targets.broken.rules.bad.table=event_logs",
                "snapdock.maintenance.targets.broken.rules.bad.timestamp-column=timestamp",
                "snapdock.maintenance.targets.broken.rules.bad.retention-days=1",
                "snapdock.maintenance.targets.broken.rules.bad.where=no_such_column > 0",
                "snapdock.maintenance.targets.broken.rules.bad.index=false",
                "snapdock.maintenance.targets.gone.url=jdbc:postgresql://127.0.0.1:" + Ports.closed() + "/x",
                "snapdock.maintenance.targets.gone.password=" + PASSWORD,
                "snapdock.maintenance.targets.gone.profile=dagster",
                "") + "\n");
    }

    /** Dagster's event_logs and runs tables; a million events of every kind, 0 to 120 days old. */
    static void seedDagster() throws SQLException {
        try (Connection c = connect(repackDb, "dagster"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event_logs (id bigserial PRIMARY KEY, run_id varchar(255), event text NOT NULL,"
                    + " dagster_event_type text, timestamp timestamp, step_key text, asset_key text, partition text)");
            s.execute("CREATE TABLE runs (id serial PRIMARY KEY, run_id varchar(255) UNIQUE, status varchar(63),"
                    + " run_body text, create_timestamp timestamp DEFAULT now(), update_timestamp timestamp DEFAULT now())");
            s.execute(
                    "INSERT INTO runs (run_id, status, run_body, create_timestamp) SELECT 'run-' || g, 'SUCCESS', '{}',"
                            + " now() - g * interval '1 hour' FROM generate_series(0, 1999) g");
            s.execute("CREATE TABLE meta AS SELECT (now() AT TIME ZONE 'UTC')::timestamp AS t0");
            // Category by g % 10: 0-1 user DEBUG, 2-3 user INFO, 4 user WARNING, 5 user ERROR, 6 ENGINE_EVENT,
            // 7 the other noisy types, 8 ASSET_MATERIALIZATION, 9 step/run success and failure.
            // Age: a whole number of hours, spread evenly over 120 days (7919 is prime to 2880).
            s.execute("INSERT INTO event_logs (run_id, event, dagster_event_type, timestamp, step_key)"
                    + " SELECT 'run-' || (g % 2000), json_build_object('__class__', 'EventLogEntry', 'level', lvl,"
                    + "   'user_message', 'message ' || g, 'dagster_event', CASE WHEN t IS NULL THEN NULL"
                    + "   ELSE json_build_object('event_type_value', t) END)::text, t,"
                    + "   m.t0 - ((g::bigint * 7919) % 2880) * interval '1 hour', 'step_' || (g % 7)"
                    + " FROM meta m, generate_series(1, " + ROWS + ") g,"
                    + " LATERAL (SELECT g % 10 AS c) x,"
                    + " LATERAL (SELECT CASE x.c WHEN 0 THEN 10 WHEN 1 THEN 10 WHEN 2 THEN 20 WHEN 3 THEN 20 WHEN 4 THEN 30"
                    + "   WHEN 5 THEN 40 WHEN 9 THEN (CASE WHEN (g / 10) % 3 = 1 THEN 40 ELSE 10 END) ELSE 10 END AS lvl,"
                    + "   CASE WHEN x.c <= 5 THEN NULL WHEN x.c = 6 THEN 'ENGINE_EVENT'"
                    + "   WHEN x.c = 7 THEN (ARRAY['STEP_OUTPUT', 'HANDLED_OUTPUT', 'LOADED_INPUT', 'ASSET_MATERIALIZATION_PLANNED'])[1 + (g / 10) % 4]"
                    + "   WHEN x.c = 8 THEN 'ASSET_MATERIALIZATION'"
                    + "   ELSE (ARRAY['STEP_SUCCESS', 'STEP_FAILURE', 'RUN_SUCCESS'])[1 + (g / 10) % 3] END AS t) y");
            s.execute("ANALYZE event_logs");
        }
    }

    /** Per category: rows, and rows older than 7, 30 and 60 days (by the seed's own clock). */
    static Map<String, long[]> categories() throws SQLException {
        Map<String, long[]> out = new TreeMap<>();
        try (Connection c = connect(repackDb, "dagster");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT CASE WHEN dagster_event_type IS NULL THEN 'user-' || (event::json ->> 'level')"
                             + " WHEN dagster_event_type IN ('" + String.join("', '", NOISY) + "') THEN 'noisy'"
                             + " ELSE dagster_event_type END, count(*),"
                             + " count(*) FILTER (WHERE timestamp <= m.t0 - interval '7 days'),"
                             + " count(*) FILTER (WHERE timestamp <= m.t0 - interval '30 days'),"
                             + " count(*) FILTER (WHERE timestamp <= m.t0 - interval '60 days')"
                             + " FROM event_logs, meta m GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        return out;
    }

    static String one(GenericContainer<?> c, String db, String sql) throws SQLException {
        try (Connection con = connect(c, db); Statement s = con.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @AfterAll
    static void tearDown() {
        if (webhook != null) {
            webhook.stop(0);
        }
        if (repackDb != null) {
            repackDb.stop();
        }
        if (plainDb != null) {
            plainDb.stop();
        }
    }

    @Test
    @Order(1)
    void cleanupDeletesExactlyTheExpiredRowsOfEachCategory() throws Exception {
        before = categories();
        assertThat(before.values().stream().mapToLong(v -> v[0]).sum()).isEqualTo(ROWS);
        long runsBefore = Long.parseLong(one(repackDb, "dagster", "SELECT count(*) FROM runs"));

        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("cleanup", "--config", config.toString(), "--target", "dg");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as(r.toString()).isZero();

        Map<String, long[]> after = categories();
        long expectDebug = before.get("user-10")[1];
        long expectInfo = before.get("user-20")[3] + before.get("user-30")[3];
        long expectNoisy = before.get("noisy")[2];
        assertThat(after.get("user-10")[0]).isEqualTo(before.get("user-10")[0] - expectDebug);
        assertThat(after.get("user-20")[0]).isEqualTo(before.get("user-20")[0] - before.get("user-20")[3]);
        assertThat(after.get("user-30")[0]).isEqualTo(before.get("user-30")[0] - before.get("user-30")[3]);
        assertThat(after.get("noisy")[0]).isEqualTo(before.get("noisy")[0] - expectNoisy);
        // Never ERROR lines, materializations, step or run success/failure; never the runs table.
        for (String kept : List.of("user-40", "ASSET_MATERIALIZATION", "STEP_SUCCESS", "STEP_FAILURE", "RUN_SUCCESS")) {
            assertThat(after.get(kept)[0]).as(kept).isEqualTo(before.get(kept)[0]).isPositive();
        }
        assertThat(Long.parseLong(one(repackDb, "dagster", "SELECT count(*) FROM runs"))).isEqualTo(runsBefore);
        // Nothing younger than its retention went.
        assertThat(after.get("user-10")[0]).isEqualTo(before.get("user-10")[0] - before.get("user-10")[1]);
        assertThat(expectDebug).isPositive();
        assertThat(expectInfo).isPositive();
        assertThat(expectNoisy).isPositive();

        // The CLI reports rows per rule, matching what is gone.
        assertThat(r.out()).containsPattern("dg/user-debug\\s+succeeded\\s+" + expectDebug + " rows");
        assertThat(r.out()).containsPattern("dg/user-info\\s+succeeded\\s+" + expectInfo + " rows");
        assertThat(r.out()).containsPattern("dg/system-events\\s+succeeded\\s+" + expectNoisy + " rows");
        assertThat(r.out())
                .contains("cleanup succeeded, " + (expectDebug + expectInfo + expectNoisy) + " rows deleted");
        System.out.printf("[measure] cleanup of %d rows: deleted user DEBUG %d, user INFO/WARNING %d, system events %d"
                + " (total %d) in %d ms%n", ROWS, expectDebug, expectInfo, expectNoisy,
                expectDebug + expectInfo + expectNoisy, millis);
        System.out.println(r.out());

        // The indexes exist and are valid, the autovacuum settings are set.
        assertThat(one(repackDb, "dagster", "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname LIKE 'snapdock_event_logs_timestamp_%' AND i.indisvalid")).isEqualTo("3");
        assertThat(one(repackDb, "dagster",
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'event_logs'"))
                .contains("autovacuum_vacuum_scale_factor=0.02", "autovacuum_analyze_scale_factor=0.01");
        assertThat(one(repackDb, "dagster",
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'runs'"))
                .contains("autovacuum_vacuum_scale_factor=0.05");

        // A second run finds nothing left and the indexes present.
        Cli.Result again = Cli.run("cleanup", "--config", config.toString(), "--target", "dg");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("cleanup succeeded, 0 rows deleted").contains("present");
        assertThat(hooks).as("succeeded runs are not notified by default").isEmpty();
    }

    @Test
    @Order(2)
    void repackShrinksTheBloatedTableAndSkipsWhatIsMissing() throws Exception {
        long sizeBefore = Long.parseLong(one(repackDb, "dagster", "SELECT pg_total_relation_size('event_logs')"));
        long rowsBefore = Long.parseLong(one(repackDb, "dagster", "SELECT count(*) FROM event_logs"));
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("repack", "--config", config.toString(), "--target", "dg", "--target", "dglocal",
                "--target", "plain");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as(r.toString()).isZero();
        long sizeAfter = Long.parseLong(one(repackDb, "dagster", "SELECT pg_total_relation_size('event_logs')"));
        System.out.printf("[measure] repack of event_logs (%d rows left): %d -> %d bytes; whole run %d ms%n",
                rowsBefore, sizeBefore, sizeAfter, millis);
        System.out.println(r.out());
        assertThat(sizeAfter).isLessThan(sizeBefore * 7 / 10);
        assertThat(Long.parseLong(one(repackDb, "dagster", "SELECT count(*) FROM event_logs"))).isEqualTo(rowsBefore);
        assertThat(r.out()).containsPattern("dg/event_logs\\s+succeeded")
                .containsPattern("dg/runs\\s+succeeded")
                .containsPattern("dg/job_ticks\\s+skipped.*table job_ticks does not exist")
                .containsPattern("dglocal/runs\\s+skipped.*client is not installed locally")
                .containsPattern("plain/t1\\s+skipped.*extension is not installed in database postgres")
                .contains("repack succeeded");
        // The indexes survive a repack.
        assertThat(one(repackDb, "dagster", "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname LIKE 'snapdock_event_logs_timestamp_%' AND i.indisvalid")).isEqualTo("3");
    }

    @Test
    @Order(3)
    void failuresGoToTheDeadLetterRecordsAndTheWebhook() throws Exception {
        Cli.Result r = Cli.run("cleanup", "--config", config.toString(), "--target", "broken", "--target", "gone");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("cleanup failed").contains("no_such_column");

        var failures = new FailureLog(new StateDb(dir.resolve("state"))).recent(50);
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.routeId()).isEqualTo("prune-rule");
            assertThat(f.subject()).isEqualTo("broken/bad");
            assertThat(f.errorClass()).isEqualTo("org.postgresql.util.PSQLException");
            assertThat(f.message()).contains("no_such_column");
            assertThat(f.runKind()).isEqualTo("cleanup");
            assertThat(f.runId()).isNotBlank();
            assertThat(f.attempts()).as("bad SQL is not retried").isEqualTo(1);
        });
        // Unreachable: retried (transient), then recorded.
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.subject()).startsWith("gone");
            assertThat(f.errorClass()).isEqualTo("java.net.ConnectException");
            assertThat(f.attempts()).as("retried snapdock.retry.max-redeliveries=2 times").isEqualTo(3);
        });
        assertThat(failures).allSatisfy(f -> assertThat(f.message()).doesNotContain(PASSWORD));
        assertThat(failures).as("one record per failure").hasSize(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.isEmpty());
        JsonNode hook = Json.MAPPER.readTree(hooks.get(hooks.size() - 1));
        assertThat(hook.get("event").asText()).isEqualTo("run.failed");
        assertThat(hook.get("kind").asText()).isEqualTo("cleanup");
        assertThat(hook.get("trigger").asText()).isEqualTo("cli");
        assertThat(hook.get("error").asText()).contains("broken/bad").contains("no_such_column");
        assertThat(hooks.get(hooks.size() - 1)).doesNotContain(PASSWORD);
    }

    @Test
    @Order(4)
    void theServiceStartsRunsOverRestListsRunsAndFailuresAndSchedulesMaintenance() throws Exception {
        int port = Ports.closed();
        SnapdockConfig cfg = SnapdockConfig.load(config).with("snapdock.http.port", String.valueOf(port));
        Main main = SnapdockApp.create(cfg, true);
        main.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api";
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/maintenance/cleanup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"targets\": [\"dg\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = Json.MAPPER.readTree(started.body()).get("id").asText();
            await().atMost(Duration.ofMinutes(2)).until(() -> Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/runs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .has("finishedAt"));
            JsonNode run = Json.MAPPER
                    .readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("kind").asText()).isEqualTo("cleanup");
            assertThat(run.get("trigger").asText()).isEqualTo("api");
            assertThat(run.get("rowsDeleted").asLong()).isZero();

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/maintenance/repack"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"targets\": [\"nope\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);

            // Runs of earlier processes (the CLI above) come from the history.
            JsonNode runs = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/runs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(runs.size()).isGreaterThanOrEqualTo(5);
            assertThat(runs.findValuesAsText("kind")).contains("cleanup", "repack");
            assertThat(runs.findValuesAsText("trigger")).contains("cli", "api");

            HttpResponse<String> failures = http.send(HttpRequest.newBuilder(URI.create(base + "/failures")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(failures.statusCode()).isEqualTo(200);
            JsonNode f = Json.MAPPER.readTree(failures.body());
            assertThat(f.findValuesAsText("subject")).contains("broken/bad");
            assertThat(f.findValuesAsText("routeId")).contains("prune-rule");
            assertThat(failures.body()).doesNotContain(PASSWORD);

            // The schedules are armed with the default crons: next cleanup a Sunday 03:00, next repack a first Sunday 04:00.
            var scheduler = main.getCamelContext().getComponent("quartz", QuartzComponent.class).getScheduler();
            var cleanup = scheduler.getTrigger(TriggerKey.triggerKey("cleanup", "snapdock")).getNextFireTime()
                    .toInstant().atZone(java.time.ZoneId.systemDefault());
            var repack = scheduler.getTrigger(TriggerKey.triggerKey("repack", "snapdock")).getNextFireTime()
                    .toInstant().atZone(java.time.ZoneId.systemDefault());
            assertThat(cleanup.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(cleanup.getHour()).isEqualTo(3);
            assertThat(repack.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(repack.getDayOfMonth()).isLessThanOrEqualTo(7);
            assertThat(repack.getHour()).isEqualTo(4);
        } finally {
            main.stop();
        }
    }

    @Test
    @Order(5)
    void theKillSwitchTouchesNothing() throws Exception {
        try (Connection c = connect(repackDb, "dagster"); Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO event_logs (run_id, event, timestamp) VALUES ('old', '{\"level\": 10}', now() - interval '1 year')");
        }
        String count = "SELECT count(*) FROM event_logs WHERE run_id = 'old'";
        Path off = Files.writeString(dir.resolve("off.properties"), Files.readString(config)
                + "snapdock.maintenance.enabled=false\n");
        Cli.Result r = Cli.run("cleanup", "--config", off.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("maintenance is switched off").contains("cleanup skipped");
        assertThat(one(repackDb, "dagster", count)).isEqualTo("1");

        // Switched on again, one rule off: that rule's rows stay.
        Path ruleOff = Files.writeString(dir.resolve("rule-off.properties"), Files.readString(config)
                + "snapdock.maintenance.targets.dg.rules.user-debug.enabled=false\n");
        Cli.Result on = Cli.run("cleanup", "--config", ruleOff.toString(), "--target", "dg");
        assertThat(on.exit()).as(on.toString()).isZero();
        assertThat(on.out()).doesNotContain("dg/user-debug").contains("dg/user-info");
        assertThat(one(repackDb, "dagster", count)).isEqualTo("1");
    }
}
