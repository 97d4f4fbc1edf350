package io.snapdock.it;

import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.RepoFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A labelled PostgreSQL container Snapdock has never seen: backed up through the CLI with
 * only a config file, data dropped, restored, compared table by table (plus roles, owners,
 * grants, views). Then a flipped byte makes validate fail with checksum_mismatch and a
 * restore from that snapshot is refused without touching the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresBackupRestoreIT {

    static final String PROJECT = "it-pg-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static Path config;
    static Path repo;
    static Map<String, String> before;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, "maindb", Map.of());
        pg.seed();
        before = pg.fingerprint();
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void backupWritesAValidSnapshotWithAManifest() throws Exception {
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(stamp).matches("\\d{8}T\\d{6}Z");

        assertThat(repo.resolve("snapshots").resolve(stamp).resolve("manifest.json")).exists();
        RepoFiles files = new RepoFiles(repo);
        assertThat(new String(files.read(stamp, "maindb", "globals.sql"))).contains("CREATE ROLE");
        // An uncompressed custom-format archive (the repository compresses): the header, then table data in clear.
        assertThat(
                new String(files.read(stamp, "maindb", "db-shop.dump"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("PGDMP").contains("c1999@example.org");
        assertThat(files.artifact(stamp, "maindb", "db-analytics-db.dump").chunks).isNotEmpty();

        Cli.Result show = Cli.run("show", stamp, "--config", config.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("\"method\" : \"online\"", "\"sha256\"", "\"serverVersion\" : \"15",
                "\"image\" : \"" + PostgresStore.IMAGE + "\"");
        assertThat(show.out()).doesNotContain(PostgresStore.PASSWORD);

        Cli.Result list = Cli.run("list", "--config", config.toString());
        assertThat(list.out()).contains(stamp).contains("valid").contains("maindb");
    }

    @Test
    @Order(2)
    void restoreBringsBackExactlyWhatWasBackedUp() throws Exception {
        pg.exec("shop", "DELETE FROM orders WHERE id % 3 = 0", "UPDATE customers SET name = 'changed'",
                "CREATE TABLE stray (x int)");
        pg.exec("postgres", "DROP DATABASE \"analytics-db\"");
        pg.exec("shop", "REVOKE SELECT ON customers FROM report_reader");
        assertThat(pg.fingerprint()).isNotEqualTo(before);

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("maindb succeeded");

        assertThat(pg.fingerprint()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aFlippedByteIsCaughtAndSuchASnapshotIsNeverRestored() throws Exception {
        String pack = new RepoFiles(repo).damage(stamp, "maindb", "db-shop.dump");
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out()).contains("invalid").contains("pack_damaged").contains("db-shop.dump")
                .contains("pack " + pack);

        pg.exec("shop", "INSERT INTO customers VALUES (999999, 'after backup', 'late@example.org')");
        Map<String, String> current = pg.fingerprint();
        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("invalid").contains("pack_damaged").contains("nothing was changed");
        assertThat(pg.fingerprint()).isEqualTo(current);

        assertThat(Cli.run("list", "--config", config.toString()).out()).contains(stamp + "   invalid");
    }
}
