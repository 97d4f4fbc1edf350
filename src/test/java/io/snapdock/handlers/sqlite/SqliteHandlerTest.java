package io.snapdock.handlers.sqlite;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.volume.VolumeHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteHandlerTest {

    @TempDir
    Path dir;

    /** A real database written by the driver: a table, an index, a few thousand rows, in WAL mode. */
    private Path database(String name) throws Exception {
        Path db = dir.resolve(name);
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, payload BLOB)");
            s.execute("CREATE INDEX items_name ON items(name)");
            s.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000)"
                    + " INSERT INTO items(name, payload) SELECT 'n' || x, randomblob(100) FROM c");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return db;
    }

    private static Manifest.Artifact artifact(Path file) throws IOException {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = SqliteHandler.ARTIFACT;
        a.kind = SqliteHandler.KIND;
        a.size = Files.size(file);
        return a;
    }

    /** Runs the handler's check the way the validator does, and asserts it read everything. */
    private static ValidationReport check(Path file) throws IOException {
        ValidationReport report = new ValidationReport("20260101T000000Z");
        byte[] bytes = Files.readAllBytes(file);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        new SqliteHandler().check(null, "appdb", artifact(file), in, report);
        assertThat(in.available()).as("the check reads the artifact to its end").isZero();
        return report;
    }

    private static byte[] header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(100);
        }
    }

    @Test
    void pathMustBeAnAbsoluteFile() {
        assertThat(SqliteCommands.path("appdb", "/data/app.db")).isEqualTo("/data/app.db");
        for (String bad : new String[]{null, "", "data/app.db", "/data/", "/data/../etc/passwd", "/data/..", "/"}) {
            assertThatThrownBy(() -> SqliteCommands.path("appdb", bad)).as(String.valueOf(bad))
                    .isInstanceOf(SnapdockException.class).hasMessageContaining("snapdock.path");
        }
    }

    @Test
    void theSiblingBackupCopiesChecksAndStreamsInOneCommand() {
        List<String> argv = SqliteCommands.siblingBackupCommand("/data/app \"1\".db", "/tmp/snapdock-x.db");
        assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
        // The paths are arguments of the script, never part of it.
        assertThat(argv.get(2)).doesNotContain("/data", "/tmp/snapdock-x.db")
                .contains("BEGIN", "PRAGMA integrity_check", "exit " + SqliteCommands.INTEGRITY_FAILED, "exec cat",
                        ">/dev/null");
        assertThat(argv.subList(4, 7)).containsExactly("/data/app \"1\".db", "/tmp/snapdock-x.db",
                ".backup \"/tmp/snapdock-x.db\"");
        assertThat(SqliteCommands.noSqlite3("notes", "app-1")).contains("snapdock.sqlite.tool-image",
                "snapdock.mode=stop");
    }

    @Test
    void backupHoldsAReadTransactionThenUsesTheBackupApi() {
        List<String> argv = SqliteCommands.backupCommand("/data/app.db", "/tmp/snapdock-x.db");
        assertThat(argv).containsExactly("sqlite3", "-bail", "/data/app.db", ".timeout 60000", "BEGIN",
                "SELECT count(*) FROM sqlite_master", ".backup \"/tmp/snapdock-x.db\"");
        assertThat(SqliteCommands.integrityCommand("/tmp/snapdock-x.db"))
                .containsExactly("sqlite3", "-bail", "/tmp/snapdock-x.db", ".timeout 60000", "PRAGMA integrity_check");
    }

    @Test
    void tempCopiesAreUniqueUnderTmpAndCleanedUpWithTheirCompanions() {
        String a = SqliteCommands.tempPath();
        assertThat(a).matches("/tmp/snapdock-[0-9a-f]{32}\\.db").isNotEqualTo(SqliteCommands.tempPath());
        assertThat(SqliteCommands.cleanupCommand(a)).containsExactly("rm", "-f", a, a + "-wal", a + "-shm",
                a + "-journal");
        assertThat(SqliteCommands.removeCompanionsCommand("/data/app.db"))
                .containsExactly("rm", "-f", "/data/app.db-wal", "/data/app.db-shm", "/data/app.db-journal");
    }

    @Test
    void dotCommandArgumentsAreQuoted() {
        assertThat(SqliteCommands.quoteDot("/tmp/a b.db")).isEqualTo("\"/tmp/a b.db\"");
        assertThat(SqliteCommands.quoteDot("/tmp/a\"b\\c")).isEqualTo("\"/tmp/a\\\"b\\\\c\"");
    }

    @Test
    void statOutputGivesOwnerGroupAndMode() {
        SqliteCommands.FileInfo f = SqliteCommands.parseStat("1000:1000:640:regular file\n");
        assertThat(f).isEqualTo(new SqliteCommands.FileInfo(1000, 1000, 0640, true));
        assertThat(f.user()).isEqualTo("1000:1000");
        assertThat(SqliteCommands.parseStat("0:0:644:regular empty file").regularFile()).isTrue();
        assertThat(SqliteCommands.parseStat("1000:1000:755:directory").regularFile()).isFalse();
        assertThatThrownBy(() -> SqliteCommands.parseStat("stat: cannot statx")).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> SqliteCommands.parseStat("a:b:c:regular file")).isInstanceOf(SnapdockException.class);
    }

    @Test
    void onlyExactlyOkIsAPassingIntegrityCheck() {
        assertThat(SqliteCommands.integrityOk("ok\n")).isTrue();
        assertThat(
                SqliteCommands.integrityOk("*** in database main ***\nPage 5: btreeInitPage() returns error code 11"))
                .isFalse();
        assertThat(SqliteCommands.integrityOk("ok\nok")).isFalse();
        assertThat(SqliteCommands.integrityOk("")).isFalse();
        assertThat(SqliteCommands.integrityOk(null)).isFalse();
    }

    @Test
    void versionIsTheFirstWordOfSqlite3Version() {
        assertThat(SqliteCommands.version(
                "3.40.1 2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1\n"))
                .isEqualTo("3.40.1");
    }

    @Test
    void aMissingSqlite3IsRecognisedAndPointsToStopMode() {
        assertThat(SqliteCommands.missingTool(126,
                "OCI runtime exec failed: exec failed: unable to start container process:"
                        + " exec: \"sqlite3\": executable file not found in $PATH: unknown"))
                .isTrue();
        assertThat(SqliteCommands.missingTool(127, "")).isTrue();
        assertThat(SqliteCommands.missingTool(1, "Error: unable to open database")).isFalse();
        assertThat(SqliteCommands.noSqlite3("appdb", "shop-app-1"))
                .contains("shop-app-1", "appdb", "no sqlite3", "snapdock.mode=stop", "folder");
    }

    @Test
    void aRealDatabaseHasASaneHeader() throws Exception {
        Path db = database("good.db");
        assertThat(SqliteFormat.headerProblem(header(db), Files.size(db))).isNull();
    }

    @Test
    void headerProblemsAreNamed() throws Exception {
        Path db = database("h.db");
        byte[] h = header(db);
        long size = Files.size(db);
        assertThat(SqliteFormat.headerProblem(Arrays.copyOf(h, 40), size)).contains("shorter than an SQLite header");

        byte[] magic = h.clone();
        magic[0] = 'X';
        assertThat(SqliteFormat.headerProblem(magic, size)).contains("not an SQLite 3 database");

        byte[] page = h.clone();
        page[16] = 0x03;
        page[17] = 0x00;    // 768: not a power of two
        assertThat(SqliteFormat.headerProblem(page, size)).contains("invalid page size 768");

        byte[] fractions = h.clone();
        fractions[21] = 10;
        assertThat(SqliteFormat.headerProblem(fractions, size)).contains("payload fractions");

        assertThat(SqliteFormat.headerProblem(h, size - 100)).contains("not a whole number of");
        assertThat(SqliteFormat.headerProblem(h, size + 4096)).contains("the header says");
    }

    @Test
    void pageSizeOneMeans65536() throws Exception {
        byte[] h = header(database("p.db"));
        h[16] = 0;
        h[17] = 1;
        h[28] = h[29] = h[30] = 0;
        h[31] = 2;
        assertThat(SqliteFormat.headerProblem(h, 2 * 65536L)).isNull();
    }

    @Test
    void checkPassesAnIntactDatabase() throws Exception {
        ValidationReport r = check(database("intact.db"));
        assertThat(r.errors).isEmpty();
        assertThat(r.warnings).isEmpty();
    }

    @Test
    void checkReportsAFailingIntegrityCheck() throws Exception {
        Path db = database("freelist.db");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(36);          // total number of freelist pages: claim 3 where there are none
            f.writeInt(3);
        }
        ValidationReport r = check(db);
        assertThat(r.errors).extracting(p -> p.code).containsExactly("db_integrity_check_failed");
        assertThat(r.errors.get(0).detail).contains("Freelist");
    }

    @Test
    void checkReportsDamagedPages() throws Exception {
        Path db = database("pages.db");
        long size = Files.size(db);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] junk = new byte[4096 * 3];
            Arrays.fill(junk, (byte) 0x5a);
            f.seek((size / 2) / 4096 * 4096);
            f.write(junk);
        }
        ValidationReport r = check(db);
        assertThat(r.errors).extracting(p -> p.code).containsAnyOf("db_integrity_check_failed", "db_unreadable");
    }

    @Test
    void checkReportsSomethingThatIsNotSqlite() throws Exception {
        Path junk = dir.resolve("junk.bin");
        byte[] bytes = new byte[8192];
        Arrays.fill(bytes, (byte) 'x');
        Files.write(junk, bytes);
        ValidationReport r = check(junk);
        assertThat(r.errors).extracting(p -> p.code).containsExactly("db_unreadable");
        assertThat(r.errors.get(0).detail).contains("not an SQLite 3 database");
    }

    @Test
    void checkReportsATruncatedDatabase() throws Exception {
        Path db = database("cut.db");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(f.length() - 4096);
        }
        ValidationReport r = check(db);
        assertThat(r.errors).extracting(p -> p.code).containsExactly("db_unreadable");
        assertThat(r.errors.get(0).detail).contains("the header says");
    }

    @Test
    void theRestoreTarCarriesOwnerAndModeAndTheAsideCopyGivesThemBack() throws Exception {
        Path db = database("own.db");
        Path tar = dir.resolve("one.tar");
        SqliteFileSwap.writeSingleEntryTar(db, "app.db", new SqliteCommands.FileInfo(1000, 1001, 0640, true), tar);
        assertThat(SqliteFileSwap.ownerOf(tar)).isEqualTo(new SqliteCommands.FileInfo(1000, 1001, 0640, true));
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            var e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("app.db");
            assertThat(e.isFile()).isTrue();
            assertThat(e.getSize()).isEqualTo(Files.size(db));
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(db));
            assertThat(in.getNextEntry()).isNull();
        }
    }

    @Test
    void aSiblingSeesOnlyFilesOnTheContainersMounts() {
        assertThat(SqliteCommands.onMount(List.of("/data"), "/data/app.db")).isTrue();
        assertThat(SqliteCommands.onMount(List.of("/data/"), "/data/sub/app.db")).isTrue();
        assertThat(SqliteCommands.onMount(List.of("/data"), "/database/app.db")).isFalse();
        assertThat(SqliteCommands.onMount(List.of(), "/home/app/app.db")).isFalse();
        assertThat(SqliteCommands.parentOf("/data/app.db")).isEqualTo("/data/");
        assertThat(SqliteCommands.fileName("/data/app.db")).isEqualTo("app.db");
    }

    @Test
    void registeredAsSqliteOnlineAndStopModeUsesTheFolderMethod() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        assertThat(r.get("sqlite")).isSameAs(r.get("sqlite3")).isInstanceOf(SqliteHandler.class);
        assertThat(r.get("sqlite").defaultMode()).isEqualTo("online");
        assertThat(r.forMethod("sqlite", "online")).isInstanceOf(SqliteHandler.class);
        assertThat(r.forMethod("sqlite", "stop")).isInstanceOf(VolumeHandler.class);
    }
}
