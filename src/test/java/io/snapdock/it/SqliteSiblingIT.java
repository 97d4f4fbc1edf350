package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import io.snapdock.testsupport.AppContainer;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.LocalImage;
import io.snapdock.testsupport.ServiceHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite in an application container whose image has no sqlite3 (debian:bookworm-slim): the
 * online backup and the integrity checks run in a short-lived sibling container made from
 * {@code snapdock.sqlite.tool-image} (the app test image, which has sqlite3), with the
 * application's volumes and as the database file's owner. Without that property the backup fails
 * naming it and nothing is stopped. Backed up, damaged, restored, compared row by row; the file
 * keeps its owner and mode; no sibling container is left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqliteSiblingIT {

    static final String PROJECT = "it-sqlite-sibling-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BARE_IMAGE = "debian:bookworm-slim";
    static final int APP_UID = 1000;

    @TempDir
    static Path dir;

    static Path data;
    static Path db;
    static GenericContainer<?> app;
    static Path config;
    static String before;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        db = data.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB)");
            s.execute("CREATE INDEX items_name ON items(name)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000)"
                    + " INSERT INTO items(name, payload) SELECT 'item-' || x, randomblob(300) FROM n");
        }
        // The application's user owns its folder and database, as in a real deployment.
        for (Path p : List.of(data, db)) {
            Files.setAttribute(p, "unix:uid", APP_UID);
            Files.setAttribute(p, "unix:gid", APP_UID);
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
        before = rows();
        app = LocalImage.container(BARE_IMAGE)
                .withFileSystemBind(data.toString(), "/data", BindMode.READ_WRITE)
                .withCommand("sh", "-c", "trap 'exit 0' TERM; sleep infinity & wait")
                .withLabels(Map.of("snapdock.type", "sqlite", "snapdock.path", "/data/app.db",
                        "com.docker.compose.project", PROJECT, "com.docker.compose.service", "notes"));
        app.start();
        assertThat(app.execInContainer("sh", "-c", "command -v sqlite3").getExitCode())
                .as("the application image has no sqlite3").isNotZero();
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.sqlite.tool-image=" + AppContainer.IMAGE, ""));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    /** Every row, in id order, hashed; read on the host from the bind-mounted file. */
    static String rows() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, name, hex(payload) FROM items ORDER BY id")) {
            while (r.next()) {
                sha.update((r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "\n").getBytes());
                n++;
            }
        }
        return n + " rows " + HexFormat.of().formatHex(sha.digest());
    }

    static List<Container> siblings() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("snapdock.sibling-of", app.getContainerId())).exec();
    }

    @Test
    @Order(1)
    void withoutAToolImageTheBackupFailsNamingThePropertyAndStopsNothing() throws Exception {
        Path bare = dir.resolve("bare.properties");
        Files.writeString(bare, Files.readString(config).replace("snapdock.sqlite.tool-image=", "# none="));
        String startedAt = Docker.startedAt(app.getContainerId());
        Cli.Result r = Cli.run("backup", "--config", bare.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);   // no store answered its probe
        assertThat(r.err()).contains("has no sqlite3 tool", "snapdock.sqlite.tool-image", "snapdock.mode=stop")
                .doesNotContain("Exception");
        assertThat(Docker.running(app.getContainerId())).isTrue();
        assertThat(Docker.startedAt(app.getContainerId())).isEqualTo(startedAt);
    }

    @Test
    @Order(2)
    void theOnlineBackupRunsInASiblingContainerFromTheToolImage() throws Exception {
        String startedAt = Docker.startedAt(app.getContainerId());
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(Docker.startedAt(app.getContainerId())).as("online: never stopped").isEqualTo(startedAt);
        assertThat(siblings()).as("the sibling containers are removed").isEmpty();

        JsonNode manifest = ServiceHttp.JSON.readTree(Cli.run("show", stamp, "--config", config.toString()).out());
        JsonNode store = manifest.path("stores").get(0);
        assertThat(store.path("name").asText()).isEqualTo("notes");
        assertThat(store.path("tool").asText()).contains("sibling container from " + AppContainer.IMAGE,
                ".backup (online backup API)");
        assertThat(store.path("downtimeMs").asLong()).isZero();
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(Files.list(data).map(p -> p.getFileName().toString()))
                .as("no copy was left in the application's folder").allMatch(n -> n.startsWith("app.db"));
    }

    @Test
    @Order(3)
    void aDamagedDatabaseIsRestoredThroughTheSiblingAndKeepsItsOwnerAndMode() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM items WHERE id > 100");
            s.execute("INSERT INTO items(name) VALUES ('not in the backup')");
        }
        assertThat(rows()).isNotEqualTo(before);

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Docker.running(app.getContainerId())).isTrue();
        assertThat(rows()).isEqualTo(before);
        assertThat(Files.getAttribute(db, "unix:uid")).isEqualTo(APP_UID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-r-----");
        assertThat(siblings()).isEmpty();
    }
}
