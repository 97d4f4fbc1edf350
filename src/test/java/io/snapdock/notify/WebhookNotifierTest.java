package io.snapdock.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.snapdock.config.Secrets;
import io.snapdock.model.Json;
import io.snapdock.model.Run;
import io.snapdock.testsupport.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real HTTP server (the JDK's). */
class WebhookNotifierTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = failFirst.getAndDecrement() > 0 ? 500 : 204;
            if (code == 204) {
                received.add(body);
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static Run failedRun() {
        Secrets.register("db-pw-WebhookNotifierTest");
        Run run = new Run("cleanup", "schedule");
        run.status = Run.Status.failed;
        run.error = "dg/user-debug: password db-pw-WebhookNotifierTest rejected";
        run.item("dg/user-debug", "rule", io.snapdock.model.ItemStatus.of("failed")).error = Secrets
                .redact("password db-pw-WebhookNotifierTest rejected");
        run.item("dg/user-info", "rule", io.snapdock.model.ItemStatus.of("succeeded")).rows = 42L;
        return run;
    }

    @Test
    void aFailedRunIsPostedAsJsonWithoutSecrets() throws IOException {
        WebhookNotifier n = new WebhookNotifier(url(), false, Duration.ofSeconds(5), 2, Duration.ofMillis(10));
        assertThat(n.runEnded(failedRun())).isTrue();
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).doesNotContain("db-pw-WebhookNotifierTest");
        JsonNode j = Json.MAPPER.readTree(received.get(0));
        assertThat(j.get("event").asText()).isEqualTo("run.failed");
        assertThat(j.get("kind").asText()).isEqualTo("cleanup");
        assertThat(j.get("error").asText()).contains("***");
        assertThat(j.get("items")).hasSize(2);
        assertThat(j.get("items").get(1).get("rows").asLong()).isEqualTo(42);
    }

    @Test
    void aWebhookThatFailsIsRetriedAndSuccessIsOnlySentWhenAskedFor() {
        failFirst.set(2);
        WebhookNotifier n = new WebhookNotifier(url(), false, Duration.ofSeconds(5), 3, Duration.ofMillis(10));
        assertThat(n.runEnded(failedRun())).isTrue();
        assertThat(received).hasSize(1);

        Run ok = new Run("backup", "api");
        ok.status = Run.Status.succeeded;
        assertThat(n.runEnded(ok)).isFalse();
        assertThat(new WebhookNotifier(url(), true, Duration.ofSeconds(5), 0, Duration.ZERO).runEnded(ok)).isTrue();
        assertThat(received).hasSize(2);
    }

    @Test
    void aBackupThatSucceededButCouldNotReachTheReplicaIsPosted() throws IOException {
        Run ok = new Run("backup", "schedule");
        ok.status = Run.Status.succeeded;
        ok.replica = new io.snapdock.model.ReplicaStatus();
        ok.replica.status = io.snapdock.model.ReplicaStatus.State.failed;
        ok.replica.location = "s3://copy/p";
        ok.replica.error = "the S3 endpoint is unreachable";
        WebhookNotifier n = new WebhookNotifier(url(), false, Duration.ofSeconds(5), 0, Duration.ZERO);
        assertThat(n.runEnded(ok)).isTrue();
        JsonNode j = Json.MAPPER.readTree(received.get(0));
        assertThat(j.get("event").asText()).isEqualTo("run.replica_failed");
        assertThat(j.get("status").asText()).isEqualTo("succeeded");
        assertThat(j.get("replica").get("error").asText()).contains("unreachable");
        ok.replica.status = io.snapdock.model.ReplicaStatus.State.succeeded;
        assertThat(n.runEnded(ok)).isFalse();
    }

    @Test
    void anUnreachableWebhookNeverThrows() {
        WebhookNotifier n = new WebhookNotifier("http://127.0.0.1:" + Ports.closed() + "/hook", false,
                Duration.ofSeconds(2), 1, Duration.ofMillis(10));
        assertThat(n.runEnded(failedRun())).isFalse();
        failFirst.set(100);
        assertThat(new WebhookNotifier(url(), false, Duration.ofSeconds(2), 1, Duration.ofMillis(10))
                .runEnded(failedRun())).isFalse();
    }
}
