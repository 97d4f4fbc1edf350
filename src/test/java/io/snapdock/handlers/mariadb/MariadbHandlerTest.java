package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.postgres.PostgresHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MariadbHandlerTest {

    static final MariadbCommands.Tools TOOLS = new MariadbCommands.Tools("mariadb", "mariadb-dump");

    static final String DUMP = "/*M!999999\\- enable the sandbox mode */ \n"
            + "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
            + "--\n-- Host: localhost    Database: shop\n"
            + "/*!40101 SET NAMES utf8mb4 */;\n"
            + "INSERT INTO `t` VALUES (1,'x');\n"
            + "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n"
            + "-- Dump completed on 2026-11-22  1:21:56\n";

    static StoreSpec inContainer(String user, String password, String host, Integer port) {
        return new StoreSpec("db", "mariadb", "online", "c0ffee", "db-1", "img", host, port, user, password, Map.of(),
                "labels");
    }

    static StoreSpec remote(String host, Integer port, String user, String password) {
        return new StoreSpec("db", "mariadb", "online", null, null, null, host, port, user, password, Map.of(),
                "properties");
    }

    // ---- connection -------------------------------------------------------------------

    @Test
    void inAContainerWithNoHostTheSocketIsUsedAsTheDefaultUser() {
        assertThat(MariadbCommands.connection(inContainer(null, null, null, null))).isEmpty();
        assertThat(MariadbCommands.connection(inContainer("backup", "pw", null, null)))
                .containsExactly("--user=backup");
    }

    @Test
    void withAHostOrOutsideAContainerTcpIsUsedAndRootIsTheDefaultUser() {
        assertThat(MariadbCommands.connection(remote("db.internal", 3307, null, "pw")))
                .containsExactly("--protocol=TCP", "--host=db.internal", "--port=3307", "--user=root");
        assertThat(MariadbCommands.connection(inContainer("app", null, "localhost", null)))
                .containsExactly("--protocol=TCP", "--host=localhost", "--user=app");
        assertThat(MariadbCommands.connection(remote(null, null, "u", null)))
                .containsExactly("--protocol=TCP", "--host=127.0.0.1", "--user=u");
    }

    @Test
    void thePasswordGoesInTheEnvironmentNeverOnTheCommandLine() {
        StoreSpec spec = remote("h", 3306, "root", "s3cret-pw");
        assertThat(MariadbCommands.env(spec)).containsExactly(Map.entry("MYSQL_PWD", "s3cret-pw"));
        assertThat(MariadbCommands.env(inContainer(null, null, null, null))).isEmpty();
        List<List<String>> all = List.of(MariadbCommands.connection(spec),
                MariadbCommands.queryCommand(TOOLS, spec, "SELECT 1"),
                MariadbCommands.dumpCommand(TOOLS, spec, "shop"),
                MariadbCommands.usersDumpCommand(TOOLS, spec),
                MariadbCommands.loadCommand(TOOLS, spec, "shop", true));
        for (List<String> argv : all) {
            assertThat(String.join(" ", argv)).doesNotContain("s3cret-pw").doesNotContain("--password");
        }
    }

    // ---- command lines ----------------------------------------------------------------

    @Test
    void theDatabaseDumpIsOnlineWithRoutinesEventsTriggersAndNoCreateDatabase() {
        List<String> argv = MariadbCommands.dumpCommand(TOOLS, inContainer(null, null, null, null), "-weird db`");
        assertThat(argv).containsExactly("mariadb-dump", "--default-character-set=utf8mb4", "--single-transaction",
                "--routines", "--events", "--triggers", "--hex-blob", "--max-allowed-packet=1G", "--", "-weird db`");
        assertThat(argv).doesNotContain("--databases", "--all-databases");
    }

    @Test
    void theUsersDumpMakesEveryAccountCreateIfNotExists() {
        assertThat(MariadbCommands.usersDumpCommand(new MariadbCommands.Tools("mysql", "mysqldump"),
                remote("h", null, "root", null)))
                .containsExactly("mysqldump", "--protocol=TCP", "--host=h", "--user=root",
                        "--default-character-set=utf8mb4", "--system=users", "--insert-ignore");
    }

    @Test
    void theLoaderIsBinarySafeAndStopsAtTheFirstErrorUnlessForced() {
        StoreSpec spec = inContainer(null, null, null, null);
        assertThat(MariadbCommands.loadCommand(TOOLS, spec, "snapdock_restore_new_x", false))
                .containsExactly("mariadb", "--binary-mode", "--batch", "--max-allowed-packet=1G",
                        "--database=snapdock_restore_new_x");
        assertThat(MariadbCommands.loadCommand(TOOLS, spec, null, true))
                .containsExactly("mariadb", "--binary-mode", "--batch", "--max-allowed-packet=1G", "--force");
    }

    @Test
    void queriesAreBatchWithoutHeadersInUtf8mb4() {
        assertThat(MariadbCommands.queryCommand(TOOLS, inContainer(null, null, null, null), "SELECT 1"))
                .containsExactly("mariadb", "--batch", "--skip-column-names", "--default-character-set=utf8mb4",
                        "-e", "SELECT 1");
    }

    @Test
    void toolsAreDetectedByEitherName() {
        assertThat(MariadbCommands.parseTools("mariadb\n--\nmariadb-dump\n"))
                .isEqualTo(new MariadbCommands.Tools("mariadb", "mariadb-dump"));
        assertThat(MariadbCommands.parseTools("mysql\n--\nmysqldump\n"))
                .isEqualTo(new MariadbCommands.Tools("mysql", "mysqldump"));
        assertThat(MariadbCommands.parseTools("--\n")).isEqualTo(new MariadbCommands.Tools(null, null));
        assertThat(MariadbCommands.parseTools("mysql\n--\n")).isEqualTo(new MariadbCommands.Tools("mysql", null));
        assertThat(MariadbCommands.DETECT_TOOLS).contains("command -v").contains("mariadb-dump").contains("mysqldump");
    }

    // ---- quoting ----------------------------------------------------------------------

    @Test
    void identifiersDoubleBackticks() {
        assertThat(MariadbCommands.ident("shop")).isEqualTo("`shop`");
        assertThat(MariadbCommands.ident("a`b")).isEqualTo("`a``b`");
        assertThat(MariadbCommands.account("app", "%")).isEqualTo("`app`@`%`");
    }

    @Test
    void literalsAreHexSoNoQuoteOrBackslashMatters() {
        assertThat(MariadbCommands.literal("ab")).isEqualTo("CONVERT(X'6162' USING utf8mb4)");
        assertThat(MariadbCommands.literal("x' OR 1=1 -- \\")).matches("CONVERT\\(X'[0-9a-f]+' USING utf8mb4\\)");
        assertThat(MariadbCommands.unhex("6162E282AC")).isEqualTo("ab€");
    }

    @Test
    void batchOutputIsUnescaped() {
        assertThat(MariadbCommands.unescapeBatch("plain")).isEqualTo("plain");
        assertThat(MariadbCommands.unescapeBatch("a\\tb\\nc\\\\d\\0")).isEqualTo("a\tb\nc\\d\0");
        assertThat(MariadbCommands.rows("a\tb\nc\\td\t\n")).containsExactly(List.of("a", "b"), List.of("c\td", ""));
    }

    @Test
    void showCreateUserBecomesIdempotent() {
        assertThat(UsersDump.createUserIfNotExists("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'"))
                .isEqualTo("CREATE USER IF NOT EXISTS `app`@`%` IDENTIFIED BY PASSWORD '*AB'");
        assertThat(UsersDump.createUserIfNotExists("CREATE USER IF NOT EXISTS `a`@`%`"))
                .isEqualTo("CREATE USER IF NOT EXISTS `a`@`%`");
        assertThat(UsersDump.usersHeader("db", "8.0.36")).startsWith("-- Snapdock users dump");
    }

    // ---- databases, charsets, names ---------------------------------------------------

    @Test
    void systemDatabasesAreLeftOutUnlessListed() {
        Map<String, String[]> schemata = new java.util.LinkedHashMap<>();
        for (String db : List.of("analytics-db", "information_schema", "mysql", "performance_schema", "shop", "sys")) {
            schemata.put(db, new String[]{"utf8mb4", "utf8mb4_general_ci"});
        }
        assertThat(MariadbHandler.databases(inContainer(null, null, null, null), schemata))
                .containsExactly("analytics-db", "shop");
        StoreSpec listed = new StoreSpec("db", "mariadb", "online", "c", "c", null, null, null, null, null,
                Map.of("databases", " shop , mysql,"), "labels");
        assertThat(MariadbHandler.databases(listed, schemata)).containsExactly("shop", "mysql");
        StoreSpec missing = new StoreSpec("db", "mariadb", "online", "c", "c", null, null, null, null, null,
                Map.of("databases", "nope"), "labels");
        assertThatThrownBy(() -> MariadbHandler.databases(missing, schemata))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("nope");
    }

    @Test
    void charsetAndCollationRoundTripThroughTheFormat() {
        String f = MariadbHandler.format("latin1", "latin1_swedish_ci");
        assertThat(f).isEqualTo("mariadb-dump; charset=latin1; collation=latin1_swedish_ci");
        assertThat(MariadbHandler.charsetOf(f)).containsExactly("latin1", "latin1_swedish_ci");
        assertThat(MariadbHandler.charsetOf("mariadb-dump")).containsExactly(null, null);
        assertThat(MariadbHandler.charsetOf(null)).containsExactly(null, null);
        assertThat(MariadbHandler.charsetOf("x; charset=utf8mb4 COLLATE evil; collation=a'b")).containsExactly(null,
                null);
        assertThat(MariadbHandler.format("bad name", null)).isEqualTo("mariadb-dump");
    }

    @Test
    void createDatabaseCarriesOnlyWellFormedCharsets() {
        assertThat(MariadbCommands.createDatabase("a`b", new String[]{"utf8mb4", "utf8mb4_bin"}))
                .isEqualTo("CREATE DATABASE `a``b` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        assertThat(MariadbCommands.createDatabase("x", new String[]{"latin1", null}))
                .isEqualTo("CREATE DATABASE `x` CHARACTER SET latin1");
        assertThat(MariadbCommands.createDatabase("x", new String[]{null, null})).isEqualTo("CREATE DATABASE `x`");
        assertThat(MariadbCommands.createDatabase("x", null)).isEqualTo("CREATE DATABASE `x`");
        assertThat(MariadbCommands.createDatabase("x", new String[]{"x; DROP", "y"})).isEqualTo("CREATE DATABASE `x`");
    }

    @Test
    void scratchAndAsideNamesAreShortStableAndDistinct() {
        for (String db : new String[]{"shop", "d".repeat(64), "日本語のデータベース名", "we`ird name"}) {
            String scratch = MariadbCommands.scratchName(db);
            String aside = MariadbCommands.asideName(db);
            assertThat(scratch.length()).isLessThanOrEqualTo(64);
            assertThat(aside.length()).isLessThanOrEqualTo(64);
            assertThat(scratch).matches("[a-z0-9_]+").isEqualTo(MariadbCommands.scratchName(db)).isNotEqualTo(aside);
        }
        assertThat(MariadbCommands.asideName("shop")).isNotEqualTo(MariadbCommands.asideName("shop2"));
    }

    // ---- dump shape (trailer detection) -----------------------------------------------

    static DumpShape shapeOf(byte[] data, int chunk) {
        DumpShape s = new DumpShape();
        for (int i = 0; i < data.length; i += chunk) {
            s.write(data, i, Math.min(chunk, data.length - i));
        }
        return s;
    }

    @Test
    void aCompleteDumpHasHeaderAndTrailerWhateverTheChunking() {
        byte[] data = DUMP.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[]{1, 7, 100, 5000}) {
            DumpShape s = shapeOf(data, chunk);
            assertThat(s.hasHeader()).isTrue();
            assertThat(s.hasTrailer()).as("chunk " + chunk).isTrue();
            assertThat(s.problem()).isNull();
        }
        String mysql = "-- MySQL dump 10.13  Distrib 8.0.36\n--\nCREATE TABLE t (a int);\n-- Dump completed on 2026-01-01\r\n\n";
        assertThat(shapeOf(mysql.getBytes(StandardCharsets.UTF_8), 3).problem()).isNull();
        assertThat(shapeOf("-- MariaDB dump\n-- Dump completed\n".getBytes(StandardCharsets.UTF_8), 4).problem())
                .isNull();
    }

    @Test
    void aDumpCutShortIsTruncated() {
        String cut = DUMP.substring(0, DUMP.indexOf("-- Dump completed"));
        assertThat(shapeOf(cut.getBytes(StandardCharsets.UTF_8), 10).problem()).isEqualTo("dump_truncated");
        String half = DUMP.substring(0, DUMP.indexOf("-- Dump completed") + 7);
        assertThat(shapeOf(half.getBytes(StandardCharsets.UTF_8), 10).problem()).isEqualTo("dump_truncated");
        String inTheLastLine = DUMP.substring(0, DUMP.length() - 5);
        assertThat(shapeOf(inTheLastLine.getBytes(StandardCharsets.UTF_8), 10).problem()).isEqualTo("dump_truncated");
    }

    @Test
    void aTrailerThatIsNotTheLastLineDoesNotCount() {
        String more = DUMP + "INSERT INTO `t` VALUES (2,'appended after the trailer');\n";
        assertThat(shapeOf(more.getBytes(StandardCharsets.UTF_8), 64).problem()).isEqualTo("dump_truncated");
    }

    @Test
    void aLongDumpKeepsOnlyABoundedTailYetFindsTheTrailer() {
        StringBuilder sb = new StringBuilder(DUMP.substring(0, DUMP.indexOf("INSERT")));
        String row = "INSERT INTO `t` VALUES (1,'-- Dump completed inside a value');\n";
        while (sb.length() < 3_000_000) {
            sb.append(row);
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(shapeOf(body, 65536).problem()).isEqualTo("dump_truncated");
        byte[] whole = (sb + "\n-- Dump completed on 2026-11-22\n").getBytes(StandardCharsets.UTF_8);
        assertThat(shapeOf(whole, 65536).problem()).isNull();
        assertThat(shapeOf(whole, 3).problem()).isNull();
    }

    @Test
    void anythingElseIsUnreadable() {
        assertThat(shapeOf(new byte[0], 1).problem()).isEqualTo("dump_unreadable");
        assertThat(shapeOf(new byte[0], 1).describe()).contains("empty");
        assertThat(shapeOf("PGDMP\u0001\u0002 binary".getBytes(StandardCharsets.ISO_8859_1), 4).problem())
                .isEqualTo("dump_unreadable");
        String noHeader = "CREATE TABLE t (a int);\n-- Dump completed on 2026-01-01\n";
        assertThat(shapeOf(noHeader.getBytes(StandardCharsets.UTF_8), 5).problem()).isEqualTo("dump_unreadable");
        // a header beyond the first 4 KiB is not a header
        String late = "x".repeat(5000) + "\n" + DUMP;
        assertThat(shapeOf(late.getBytes(StandardCharsets.UTF_8), 100).problem()).isEqualTo("dump_unreadable");
    }

    @Test
    void checkReadsTheWholeStreamAndReportsNamedCodes() throws IOException {
        MariadbHandler h = new MariadbHandler();
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-shop.sql";
        a.kind = "database";

        CountingStream ok = new CountingStream(DUMP.getBytes(StandardCharsets.UTF_8));
        ValidationReport report = new ValidationReport("s");
        h.check(null, "db", a, ok, report);
        assertThat(report.errors).isEmpty();
        assertThat(ok.exhausted).isTrue();

        String cut = DUMP.substring(0, DUMP.length() - 20);
        CountingStream truncated = new CountingStream(cut.getBytes(StandardCharsets.UTF_8));
        report = new ValidationReport("s");
        h.check(null, "db", a, truncated, report);
        assertThat(report.codes()).containsExactly("dump_truncated");
        assertThat(truncated.exhausted).isTrue();

        report = new ValidationReport("s");
        h.check(null, "db", a, new CountingStream("garbage".getBytes(StandardCharsets.UTF_8)), report);
        assertThat(report.codes()).containsExactly("dump_unreadable");
    }

    // ---- feeding a loader -------------------------------------------------------------

    @Test
    void feedPassesEverythingOnAndVerifiesChecksumAndShape() throws IOException {
        byte[] data = DUMP.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FedDump fed = FedDump.feed(new ByteArrayInputStream(data), sink);
        assertThat(sink.toByteArray()).isEqualTo(data);
        assertThat(fed.complete()).isTrue();

        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-shop.sql";
        a.sha256 = fed.sha256();
        fed.verify(a, "database shop");

        a.sha256 = "00".repeat(32);
        assertThatThrownBy(() -> fed.verify(a, "database shop")).hasMessageContaining("SHA-256");

        FedDump cut = FedDump.feed(new ByteArrayInputStream(DUMP.substring(0, 200)
                .getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream());
        a.sha256 = null;
        assertThatThrownBy(() -> cut.verify(a, "database shop")).hasMessageContaining("not a complete dump");
    }

    @Test
    void feedStopsWhenTheLoaderStopsReading() throws IOException {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        FedDump fed = FedDump.feed(new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.UTF_8)), broken);
        assertThat(fed.complete()).isFalse();
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "users.sql";
        assertThatThrownBy(() -> fed.verify(a, "users")).hasMessageContaining("stopped before the end");
    }

    // ---- users.sql errors -------------------------------------------------------------

    @Test
    void missingTablesAndRoutinesAreSkippedAnythingElseFails() {
        ErrorTally t = new ErrorTally();
        t.accept("--------------");
        t.accept("GRANT SELECT ON `gone`.`t` TO `r`@`%`");
        t.accept("ERROR 1146 (42S02) at line 40: Table 'gone.t' doesn't exist");
        t.accept("ERROR 1305 (42000) at line 41: FUNCTION or PROCEDURE p does not exist");
        assertThat(t.skipped()).isEqualTo(2);
        assertThat(t.failed()).isZero();
        t.accept(
                "ERROR 1227 (42000) at line 12: Access denied; you need (at least one of) the CREATE USER privilege(s)");
        t.accept("ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)");
        assertThat(t.failed()).isEqualTo(2);
        assertThat(t.failedMessages()).hasSize(2).first().asString().contains("1227");
        for (int i = 0; i < 10; i++) {
            t.accept("ERROR 1064 (42000) at line " + i + ": You have an error in your SQL syntax");
        }
        assertThat(t.failed()).isEqualTo(12);
        assertThat(t.failedMessages()).hasSize(6).last().asString().isEqualTo("(7 more)");
    }

    @Test
    void roleGrantsToTheRestoringAccountAreRecognisedInBothDumpStyles() {
        assertThat(UsersRestore.roleGrantIn("GRANT `analyst` TO `root`@`localhost` WITH ADMIN OPTION;",
                "analyst", "root", "localhost")).isEqualTo("Y");
        assertThat(UsersRestore.roleGrantIn("/*M!100005 GRANT 'analyst' TO 'root'@'localhost' WITH ADMIN OPTION */;",
                "analyst", "root", "localhost")).isEqualTo("Y");
        assertThat(UsersRestore.roleGrantIn("GRANT `analyst` TO `root`@`localhost`;", "analyst", "root", "localhost"))
                .isEqualTo("N");
        assertThat(UsersRestore.roleGrantIn("GRANT `analyst` TO `root`@`%` WITH ADMIN OPTION;",
                "analyst", "root", "localhost")).isNull();
        assertThat(UsersRestore.roleGrantIn("GRANT `analyst2` TO `root`@`localhost`;", "analyst", "root", "localhost"))
                .isNull();
        assertThat(UsersRestore.roleGrantIn("GRANT SELECT ON `x`.* TO `analyst`;", "analyst", "root", "localhost"))
                .isNull();
        assertThat(UsersRestore.roleGrantIn("GRANT `we``ird` TO `root`@`localhost`;", "we`ird", "root", "localhost"))
                .isEqualTo("N");
    }

    @Test
    void loadFailuresNameTheErrorNotTheEchoedStatement() {
        String stderr = "--------------\nGRANT USAGE ON *.* TO `a`@`%` IDENTIFIED BY PASSWORD '*AB'\n--------------\n\n"
                + "ERROR 1146 (42S02) at line 57: Table 'x.t' doesn't exist\n";
        assertThat(MariadbClient.errorLines(stderr))
                .isEqualTo("ERROR 1146 (42S02) at line 57: Table 'x.t' doesn't exist");
        assertThat(MariadbClient.errorLines("mariadb: unknown option '--x'\n"))
                .isEqualTo("mariadb: unknown option '--x'");
        assertThat(MariadbClient.errorLines("")).isEqualTo("no error output");
    }

    @Test
    void registeredUnderMariadbAndMysql() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        assertThat(r.get("mariadb")).isSameAs(r.get("mysql")).isInstanceOf(MariadbHandler.class);
        assertThat(r.get("postgres")).isInstanceOf(PostgresHandler.class);
        MariadbHandler h = new MariadbHandler();
        assertThat(h.execUser()).isNull();
        assertThat(h.defaultMode()).isEqualTo("online");
        assertThat(h.aliases()).containsExactly("mysql");
    }

    /** Remembers whether it was read to its end. */
    static final class CountingStream extends InputStream {
        private final ByteArrayInputStream in;
        boolean exhausted;

        CountingStream(byte[] data) {
            in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            int b = in.read();
            exhausted |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = in.read(b, off, len);
            exhausted |= n < 0;
            return n;
        }
    }
}
