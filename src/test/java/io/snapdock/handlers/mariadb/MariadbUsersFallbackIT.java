package io.snapdock.handlers.mariadb;

import io.snapdock.docker.DockerGateway;
import io.snapdock.handlers.StoreContext;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.testsupport.MariadbStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users.sql the handler builds itself from SHOW CREATE USER / SHOW GRANTS (for MySQL and
 * old MariaDB, whose dump tool has no --system=users), run against the test MariaDB: it passes
 * the dump check, and loading it brings dropped accounts, a dropped role and their grants back
 * exactly, with the role's admins as they were.
 */
class MariadbUsersFallbackIT {

    static MariadbStore db;
    static StoreContext ctx;

    @BeforeAll
    static void start() throws Exception {
        db = MariadbStore.startLabelled("it-maria-fallback-" + UUID.randomUUID().toString().substring(0, 8), "fallback",
                Map.of());
        db.seed();
        String id = db.container().getContainerId();
        StoreSpec spec = new StoreSpec("fallback", "mariadb", "online", id, db.containerName(), MariadbStore.IMAGE,
                null, null, null, null, Map.of(), "labels");
        Manifest.StoreEntry entry = new Manifest.StoreEntry();
        ctx = new StoreContext(spec,
                new DockerGateway("unix:///var/run/docker.sock").exec(id, db.containerName(), null),
                entry, Duration.ofMinutes(5), Duration.ofMinutes(2), null, null);
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void usersBuiltFromShowGrantsRestoreAccountsRolesAndGrants() throws Exception {
        Map<String, String> before = db.fingerprint();
        MariadbCommands.Tools tools = MariadbClient.tools(ctx);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest.Artifact artifact = new Manifest.Artifact();
        artifact.name = MariadbHandler.USERS;
        artifact.kind = "users";
        UsersDump.usersFromGrants(ctx, tools, a -> new ArtifactOutput(new Repository.PendingObject() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void commit() {
            }
        }, a), artifact, true, "10.11");
        byte[] users = bytes.toByteArray();
        String text = new String(users, StandardCharsets.UTF_8);
        assertThat(text).startsWith("-- Snapdock users dump")
                .contains("CREATE USER IF NOT EXISTS `report_reader`@`%` IDENTIFIED BY PASSWORD '*",
                        "CREATE ROLE IF NOT EXISTS `analyst` WITH ADMIN snapdock_import_role;",
                        "GRANT `analyst` TO `report_reader`@`%`;",
                        "GRANT SELECT ON `shop`.`customers` TO `report_reader`@`%`;",
                        "GRANT EXECUTE ON PROCEDURE `shop`.`order_count` TO `report_reader`@`%`;")
                .doesNotContain("mariadb.sys")
                .endsWith("-- Dump completed\n");
        assertThat(artifact.sha256).isNotNull();
        assertThat(ctx.entry().artifacts).containsExactly(artifact);

        ValidationReport report = new ValidationReport("s");
        new MariadbHandler().check(null, "fallback", artifact, new ByteArrayInputStream(users), report);
        assertThat(report.errors).isEmpty();

        db.exec(null, "DROP USER report_reader@'%'", "DROP ROLE analyst",
                "REVOKE ALL PRIVILEGES ON shop.* FROM app_owner@'%'");
        assertThat(db.fingerprint()).isNotEqualTo(before);
        ErrorTally tally = new MariadbHandler().restoreUsers(ctx, tools, artifact,
                a -> new ByteArrayInputStream(users), true);
        assertThat(tally.failed()).isZero();
        assertThat(tally.skipped()).isZero();
        assertThat(db.fingerprint()).isEqualTo(before);

        // Again, with everything in place: nothing fails, nothing changes.
        assertThat(new MariadbHandler().restoreUsers(ctx, tools, artifact, a -> new ByteArrayInputStream(users), true)
                .failed()).isZero();
        assertThat(db.fingerprint()).isEqualTo(before);
    }
}
