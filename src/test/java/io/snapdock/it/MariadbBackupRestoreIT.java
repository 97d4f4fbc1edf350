package io.snapdock.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.MariadbStore;
import io.snapdock.testsupport.RepoFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A labelled MariaDB container Snapdock has never seen: backed up through the CLI with only a
 * config file, damaged (rows, a view, a routine, a trigger, a whole database, an account, a
 * role, grants), restored, compared object by object and row by row. Then restores that must
 * fail leave the store exactly as it was: a dump that does not load (caught while proving it
 * in a scratch database), a dump that fails only once it is loaded into the live database
 * (rolled back from the copy kept aside), and a truncated dump (refused by validation).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariadbBackupRestoreIT {

    static final String PROJECT = "it-maria-" + UUID.randomUUID().toString().substring(0, 8);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    static Path dir;

    static MariadbStore db;
    static Path config;
    static Path repo;
    static Map<String, String> before;
    static String stamp;
    static Path pristine;

    @BeforeAll
    static void start() throws Exception {
        db = MariadbStore.startLabelled(PROJECT, "maindb", Map.of());
        db.seed();
        before = db.fingerprint();
        repo = dir.resolve("repository");
        pristine = dir.resolve("pristine");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.compose-project=" + PROJECT + "\n");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    static Path snapshot() {
        return repo.resolve("snapshots").resolve(stamp);
    }

    /**
     * Every test that tampers with the snapshot starts from (and leaves) the snapshot as it was
     * written: its manifest (the original chunks stay in the repository whatever is added).
     */
    @AfterEach
    void putTheSnapshotBack() throws Exception {
        if (Files.isDirectory(pristine)) {
            Files.copy(pristine.resolve("manifest.json"), snapshot().resolve("manifest.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(1)
    void backupWritesAValidSnapshotWithAManifest() throws Exception {
        Cli.Result r = Cli.run("backup", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        stamp = r.lastLine();
        assertThat(stamp).matches("\\d{8}T\\d{6}Z");

        Path snap = snapshot();
        assertThat(snap.resolve("manifest.json")).exists();
        RepoFiles files = new RepoFiles(repo);
        String users = new String(files.read(stamp, "maindb", "users.sql"), StandardCharsets.UTF_8);
        assertThat(users).contains("CREATE USER IF NOT EXISTS `report_reader`@`%`",
                "GRANT `analyst` TO `report_reader`@`%`",
                "-- Dump completed");
        assertThat(new String(files.read(stamp, "maindb", "db-shop.sql"), StandardCharsets.UTF_8))
                .contains("-- MariaDB dump", "CREATE TABLE `customers`", "VIEW `big_orders`", "PROCEDURE `order_count`",
                        "TRIGGER customers_audit", "客户")
                .doesNotContain("CREATE DATABASE", "USE `shop`");
        // routines created under another collation: mariadb-dump names the real database around them
        assertThat(new String(files.read(stamp, "maindb", "db-analytics-db.sql"), StandardCharsets.UTF_8))
                .contains("ALTER DATABASE `analytics-db`", "FUNCTION `kind_label`", "EVENT `purge_events`");
        Files.createDirectories(pristine);
        Files.copy(snap.resolve("manifest.json"), pristine.resolve("manifest.json"));

        Cli.Result show = Cli.run("show", stamp, "--config", config.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("\"method\" : \"online\"", "\"sha256\"", "\"serverVersion\" : \"10.11",
                "\"tool\" : \"mariadb-dump", "\"image\" : \"" + MariadbStore.IMAGE + "\"",
                "\"format\" : \"mariadb-dump; charset=latin1; collation=latin1_swedish_ci\"",
                "\"format\" : \"mariadb-dump; charset=utf8mb4; collation=utf8mb4_unicode_ci\"");
        assertThat(show.out()).doesNotContain(MariadbStore.PASSWORD);

        Cli.Result list = Cli.run("list", "--config", config.toString());
        assertThat(list.out()).contains(stamp).contains("valid").contains("maindb");
        assertThat(db.fingerprint()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void restoreBringsBackExactlyWhatWasBackedUp() throws Exception {
        db.exec("shop",
                "DELETE FROM orders WHERE id % 3 = 0",
                "UPDATE customers SET name = 'changed' WHERE id < 100",
                "CREATE TABLE stray (x INT)",
                "DROP VIEW big_orders",
                "DROP PROCEDURE order_count",
                "DROP TRIGGER orders_round");
        db.exec(null,
                "REVOKE SELECT ON `analytics-db`.events FROM report_reader@'%'",
                "DROP DATABASE `analytics-db`",
                "DROP USER report_reader@'%'",
                "DROP ROLE analyst",
                "REVOKE ALL PRIVILEGES ON shop.* FROM app_owner@'%'");
        assertThat(db.fingerprint()).isNotEqualTo(before);

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("maindb succeeded");

        assertThat(db.fingerprint()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aDumpThatDoesNotLoadNeverTouchesTheLiveDatabase() throws Exception {
        db.exec("shop", "INSERT INTO customers (id, name, email) VALUES (999999, 'after backup', 'late@example.org')");
        Map<String, String> current = db.fingerprint();
        // A statement that fails wherever it runs, after the first table's rows: the checksum in
        // the manifest is recomputed, so validation passes and the restore really starts.
        tamper("UNLOCK TABLES;\n", "SELECT * FROM snapdock_no_such_table;\n");
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isZero();

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("database shop").contains("left as it was")
                .contains("snapdock_no_such_table");
        assertThat(db.fingerprint()).isEqualTo(current);
    }

    @Test
    @Order(4)
    void aFailureWhileReplacingTheLiveDatabaseIsRolledBack() throws Exception {
        db.exec("shop", "UPDATE customers SET note = 'changed after backup 😀' WHERE id = 999999",
                "INSERT INTO orders (customer_id, total) VALUES (999999, 1.5)");
        Map<String, String> current = db.fingerprint();
        // Loads cleanly into the scratch database, fails half-way into the live one (named shop).
        tamper("UNLOCK TABLES;\n",
                "SET @snapdock_probe = IF(DATABASE() = 'shop', 'SELECT * FROM snapdock_no_such_table',"
                        + " 'DO 0');\nPREPARE snapdock_probe FROM @snapdock_probe;\nEXECUTE snapdock_probe;\n");
        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isZero();

        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("into database shop").contains("snapdock_no_such_table")
                .doesNotContain("rolling back database shop failed");
        assertThat(db.fingerprint()).isEqualTo(current);
    }

    @Test
    @Order(5)
    void aTruncatedDumpFailsValidationAndIsNeverRestored() throws Exception {
        RepoFiles files = new RepoFiles(repo);
        byte[] data = files.read(stamp, "maindb", "db-shop.sql");
        files.replace(stamp, "maindb", "db-shop.sql", java.util.Arrays.copyOf(data, data.length / 2));

        Cli.Result v = Cli.run("validate", stamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out()).contains("invalid").contains("dump_truncated").contains("db-shop.sql")
                .doesNotContain("checksum_mismatch");

        Map<String, String> current = db.fingerprint();
        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("invalid").contains("dump_truncated").contains("nothing was changed");
        assertThat(db.fingerprint()).isEqualTo(current);
    }

    @Test
    @Order(6)
    void theUntamperedSnapshotStillRestores() throws Exception {
        Cli.Result r = Cli.run("restore", stamp, "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(db.fingerprint()).isEqualTo(before);
    }

    /** Inserts {@code extra} after the first {@code anchor} of db-shop.sql; the manifest records its new size and checksum. */
    static void tamper(String anchor, String extra) throws Exception {
        RepoFiles files = new RepoFiles(repo);
        String text = new String(files.read(stamp, "maindb", "db-shop.sql"), StandardCharsets.UTF_8);
        int at = text.indexOf(anchor);
        assertThat(at).isPositive();
        byte[] data = (text.substring(0, at + anchor.length()) + extra + text.substring(at + anchor.length()))
                .getBytes(StandardCharsets.UTF_8);
        files.replace(stamp, "maindb", "db-shop.sql", data);
    }
}
