package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.ApiToken;
import io.snapdock.testsupport.LocalImage;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapdock in its own container (docker/Dockerfile, built here), next to a labelled PostgreSQL:
 * a backup and a restore over REST, as a user who runs the image with the Docker socket mounted.
 */
class ContainerImageIT {

    static final String PROJECT = "it-image-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STORE = "platform-db";

    static PostgresStore pg;
    static GenericContainer<?> snapdock;
    static ServiceHttp http;

    @BeforeAll
    static void start() throws Exception {
        String image = SnapdockImage.build();
        String socketGroup = SnapdockImage.socketGroup();
        pg = PostgresStore.startLabelled(PROJECT, STORE, Map.of());
        pg.seed();
        // The image listens on every interface: it does not start without an API token.
        ApiToken admin = ApiToken.create("admin", "it");
        snapdock = LocalImage.container(image)
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withGroupAdd(List.of(socketGroup)))
                .withEnv("SNAPDOCK_COMPOSE_PROJECT", PROJECT)
                .withEnv("SNAPDOCK_AUTH_TOKENS_IT", admin.value())
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/observe/health/live").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        snapdock.start();
        http = new ServiceHttp("http://" + snapdock.getHost() + ":" + snapdock.getMappedPort(8080), admin.token());
    }

    @AfterAll
    static void stop() {
        if (snapdock != null) {
            snapdock.stop();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theImageBacksUpAndRestoresALabelledStoreOverRest() throws Exception {
        assertThat(snapdock.execInContainer("id", "-u").getStdout().trim()).as("runs as its own user, not root")
                .isEqualTo("10001");
        assertThat(http.get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(http.withToken(null).get("/api/backups").statusCode()).as("no token, no API").isEqualTo(401);
        var before = pg.fingerprint();

        JsonNode backup = http.runToEnd("/api/backups", "{}", Duration.ofMinutes(3));
        assertThat(backup.path("status").asText()).as(backup.toString()).isEqualTo("succeeded");
        String stamp = backup.path("stamp").asText();
        assertThat(http.get("/api/backups/" + stamp).body()).contains("\"" + STORE + "\"", "db-shop.dump");

        pg.exec("shop", "TRUNCATE orders", "DROP VIEW big_orders");
        pg.exec("postgres", "DROP DATABASE \"analytics-db\"");
        assertThat(pg.fingerprint()).isNotEqualTo(before);

        JsonNode restore = http.runToEnd("/api/restores",
                "{\"stamp\": \"" + stamp + "\", \"stores\": [\"" + STORE + "\"]}", Duration.ofMinutes(3));
        assertThat(restore.path("status").asText()).as(restore.toString()).isEqualTo("succeeded");
        assertThat(pg.fingerprint()).isEqualTo(before);
    }
}
