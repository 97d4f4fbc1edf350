package io.snapdock.handlers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * SQLite, online: one database file inside an application's container ({@code snapdock.path}).
 *
 * <p>Backup: {@code sqlite3 FILE ".backup /tmp/snapdock-RANDOM.db"} inside the container — the
 * online backup API, which reads a consistent snapshot while the application keeps writing —
 * run as the file's owner (its uid:gid from {@code stat}, or {@code exec-user}), so no file the
 * application needs ever becomes root's. The shell first opens a read transaction
 * ({@code BEGIN} + a query): the backup then copies that one snapshot to its end instead of
 * restarting whenever a writer commits (WAL mode: writers are not blocked; rollback-journal
 * mode: writers wait for the copy, as with any reader). {@code PRAGMA integrity_check} must
 * answer {@code ok} on the copy before it is streamed out ({@code cat}) into
 * {@code database.sqlite}; the copy is deleted whatever happens. A container without
 * {@code sqlite3} cannot be copied online: use {@code snapdock.mode=stop} (the folder method).
 *
 * <p>Check: the SQLite header (magic, page size, size in pages) and a full
 * {@code PRAGMA integrity_check} of a local copy with the sqlite-jdbc driver.
 *
 * <p>Restore, with the container (and its {@code stop-with} companions) stopped: the current
 * file (and its {@code -wal}) is copied aside to local temp files; stale {@code -wal},
 * {@code -shm} and {@code -journal} files are removed (they belong to the old database and
 * would be replayed into the new one); the file is written with the original's owner and mode;
 * the container is started again in every case and must pass {@code PRAGMA integrity_check}.
 * On any failure the file taken aside is put back.
 */
public final class SqliteHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteHandler.class);

    static final String ARTIFACT = "database.sqlite";
    static final String KIND = "sqlite";
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_SIZE = 100;
    /** The companion files of a database that belong to that database only. */
    static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String type() {
        return "sqlite";
    }

    @Override
    public List<String> aliases() {
        return List.of("sqlite3");
    }

    // ---- pure pieces (unit-tested) ----------------------------------------------------

    /** The database file: an absolute path to a file (not a folder) without {@code ..}. */
    static String path(String name, String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("/../") || path.endsWith("/..")
                || path.contains("\0")) {
            throw SnapdockException.badInput("store " + name + " needs the absolute path of its SQLite database file:"
                    + " label snapdock.path or snapdock.stores." + name + ".path (got " + path + ")");
        }
        return path;
    }

    static String path(StoreContext ctx) {
        return path(ctx.spec().name(), ctx.spec().option("path", null));
    }

    /** A fresh name for the consistent copy inside the container. */
    static String tempPath() {
        return "/tmp/snapdock-" + UUID.randomUUID().toString().replace("-", "") + ".db";
    }

    /** The online backup: a read transaction first, so the backup API copies one snapshot to its end. */
    static List<String> backupCommand(String path, String temp) {
        return List.of("sqlite3", "-bail", path, ".timeout 60000", "BEGIN", "SELECT count(*) FROM sqlite_master",
                ".backup " + quoteDot(temp));
    }

    static List<String> integrityCommand(String path) {
        return List.of("sqlite3", "-bail", path, ".timeout 60000", "PRAGMA integrity_check");
    }

    static List<String> cleanupCommand(String temp) {
        List<String> argv = new ArrayList<>(List.of("rm", "-f", temp));
        COMPANIONS.forEach(c -> argv.add(temp + c));
        return argv;
    }

    static List<String> removeCompanionsCommand(String path) {
        List<String> argv = new ArrayList<>(List.of("rm", "-f"));
        COMPANIONS.forEach(c -> argv.add(path + c));
        return argv;
    }

    /** A path as one argument of a sqlite3 dot-command (double quotes, backslash escapes). */
    static String quoteDot(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static List<String> statCommand(String path) {
        return List.of("stat", "-L", "-c", "%u:%g:%a:%F", path);
    }

    /** Owner, group and permission bits of a file. */
    record FileInfo(int uid, int gid, int mode, boolean regularFile) {
        String user() {
            return uid + ":" + gid;
        }
    }

    /** Parses {@code stat -c %u:%g:%a:%F} output ("1000:1000:640:regular file"). */
    static FileInfo parseStat(String out) {
        String[] p = out.strip().split(":", 4);
        if (p.length != 4) {
            throw SnapdockException.failed("unexpected stat output: " + out.strip());
        }
        try {
            return new FileInfo(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2], 8),
                    p[3].startsWith("regular"));
        } catch (NumberFormatException e) {
            throw SnapdockException.failed("unexpected stat output: " + out.strip());
        }
    }

    /** True when integrity_check's answer is exactly "ok". */
    static boolean integrityOk(String output) {
        return output != null && output.strip().equals("ok");
    }

    /** The library version from {@code sqlite3 -version} ("3.40.1 2022-12-28 …"). */
    static String version(String output) {
        String s = output == null ? "" : output.strip();
        int sp = s.indexOf(' ');
        return sp > 0 ? s.substring(0, sp) : s;
    }

    /** True when the exec failed because the container has no such program. */
    static boolean missingTool(int exitCode, String output) {
        String o = output == null ? "" : output;
        return exitCode == 126 || exitCode == 127 || o.contains("executable file not found") || o.contains("not found in $PATH")
                || o.contains("no such file or directory");
    }

    static String noSqlite3(String store, String container) {
        return "container " + container + " of store " + store + " has no sqlite3 tool, so its SQLite database cannot be"
                + " copied online: label it snapdock.mode=stop to copy its data folder while it is stopped (the folder"
                + " method; set snapdock.path to the folder holding the database and its -wal file), or add sqlite3 to"
                + " its image";
    }

    /**
     * What is wrong with an SQLite file's first 100 bytes given its total size, or null when
     * nothing is: the magic string, the page size (a power of two from 512 to 65536), the fixed
     * payload fractions and, when the header's page count is valid, the size it implies.
     */
    static String headerProblem(byte[] h, long size) {
        if (h.length < HEADER_SIZE) {
            return "only " + h.length + " bytes: shorter than an SQLite header";
        }
        if (!Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) {
            return "not an SQLite 3 database (no \"SQLite format 3\" header)";
        }
        int raw = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
        int pageSize = raw == 1 ? 65536 : raw;
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            return "invalid page size " + raw + " in the header";
        }
        if ((h[21] & 0xff) != 64 || (h[22] & 0xff) != 32 || (h[23] & 0xff) != 32) {
            return "invalid payload fractions in the header";
        }
        if (size % pageSize != 0) {
            return size + " bytes is not a whole number of " + pageSize + "-byte pages";
        }
        long pages = readInt(h, 28);
        boolean countValid = pages > 0 && readInt(h, 24) == readInt(h, 92);
        if (countValid && pages * pageSize != size) {
            return "the header says " + pages + " pages of " + pageSize + " bytes, the file holds " + size + " bytes";
        }
        return null;
    }

    private static long readInt(byte[] h, int at) {
        return ((long) (h[at] & 0xff) << 24) | ((h[at + 1] & 0xff) << 16) | ((h[at + 2] & 0xff) << 8) | (h[at + 3] & 0xff);
    }

    /** A tar holding one regular file {@code name} with the given owner and mode, its content read from {@code file}. */
    static void writeSingleEntryTar(Path file, String name, FileInfo owner, Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar);
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(Files.size(file));
            e.setMode(0100000 | (owner.mode() & 07777));
            e.setUserId(owner.uid());
            e.setGroupId(owner.gid());
            e.setModTime(System.currentTimeMillis());
            t.putArchiveEntry(e);
            Files.copy(file, t);
            t.closeArchiveEntry();
            t.finish();
        }
    }

    /** Owner and mode of the first regular file in a tar (a copy taken with the archive API). */
    static FileInfo ownerOf(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                if (e.isFile()) {
                    return new FileInfo((int) e.getLongUserId(), (int) e.getLongGroupId(), e.getMode() & 07777, true);
                }
            }
        }
        throw SnapdockException.failed("the copy taken aside holds no file");
    }

    /** True when {@code path} lies on one of the container's mounts (volume or bind), so a sibling container sees it. */
    static boolean onMount(List<String> mountDestinations, String path) {
        for (String d : mountDestinations) {
            String dir = d.endsWith("/") ? d : d + "/";
            if (path.startsWith(dir) || d.equals("/")) {
                return true;
            }
        }
        return false;
    }

    static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    // ---- container helpers ------------------------------------------------------------

    private static DockerGateway docker(StoreContext ctx) {
        return ctx.requireDocker("must run in a container: an SQLite file is"
                    + " copied inside its application's container");
    }

    /** stat of {@code path} in the container, or null when it does not exist. */
    private static FileInfo statOrNull(StoreContext ctx, String path) throws IOException {
        try (RunningCommand cmd = ctx.runner().start(statCommand(path), Map.of(), false)) {
            String out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code == 0) {
                return parseStat(out);
            }
            String err = cmd.stderr();
            if (err.contains("No such file")) {
                return null;
            }
            throw SnapdockException.failed("stat " + path + " in " + ctx.runner().describe() + " failed (exit " + code + "): "
                    + RunningCommand.summary(err + out));
        }
    }

    private static FileInfo statFile(StoreContext ctx, String path) throws IOException {
        FileInfo f = statOrNull(ctx, path);
        if (f == null) {
            throw SnapdockException.failed("the SQLite database " + path + " of store " + ctx.spec().name()
                    + " does not exist in its container");
        }
        if (!f.regularFile()) {
            throw SnapdockException.badInput("snapdock.path " + path + " of store " + ctx.spec().name()
                    + " is not a file: an online SQLite backup needs the database file (in stop mode, the folder)");
        }
        return f;
    }

    /** Where sqlite3 runs: as exec-user when set, else as the database file's owner. */
    private static CommandRunner ownerRunner(StoreContext ctx, FileInfo owner) {
        if (ctx.spec().option("exec-user", null) != null) {
            return ctx.runner();
        }
        return docker(ctx).exec(ctx.spec().container(), ctx.spec().containerName(), owner.user());
    }

    /** sqlite3's version; a clear error when the container has no sqlite3. */
    private static String sqliteVersion(StoreContext ctx, CommandRunner runner) throws IOException {
        try (RunningCommand cmd = runner.start(List.of("sqlite3", "-version"), Map.of(), false)) {
            String out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code != 0) {
                if (missingTool(code, out + cmd.stderr())) {
                    throw SnapdockException.failed(noSqlite3(ctx.spec().name(), ctx.spec().containerName()));
                }
                throw SnapdockException.failed("sqlite3 -version in " + runner.describe() + " failed (exit " + code + "): "
                        + RunningCommand.summary(cmd.stderr() + out));
            }
            return version(out);
        }
    }

    // ---- probe / backup ---------------------------------------------------------------

    @Override
    public void probe(StoreContext ctx) throws IOException {
        DockerGateway docker = docker(ctx);
        docker.inspect(ctx.spec().container());
        if ("stop".equals(ctx.spec().mode())) {
            return;   // the folder method copies it; sqlite3 is not needed
        }
        sqliteVersion(ctx, ctx.runner());
        statFile(ctx, path(ctx));
    }

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        docker(ctx);
        String path = path(ctx);
        String version = sqliteVersion(ctx, ctx.runner());
        CommandRunner runner = ownerRunner(ctx, statFile(ctx, path));
        ctx.entry().serverVersion = version;
        ctx.entry().tool = "sqlite3 " + version + " .backup (online backup API)";
        String temp = tempPath();
        String where = " of " + path + " on " + ctx.spec().name();
        try {
            Commands.capture(runner, "sqlite3 .backup" + where, backupCommand(path, temp), Map.of(), ctx.timeout());
            String check = Commands.capture(runner, "PRAGMA integrity_check of the copy" + where, integrityCommand(temp),
                    Map.of(), ctx.timeout());
            if (!integrityOk(check)) {
                throw SnapdockException.failed("the copy" + where + " fails PRAGMA integrity_check (the database itself"
                        + " is probably damaged; nothing was written): " + RunningCommand.summary(check));
            }
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = ARTIFACT;
            a.kind = KIND;
            a.format = "sqlite3";
            a.database = path;
            try (RunningCommand cat = runner.start(List.of("cat", temp), Map.of(), false);
                 ArtifactOutput out = sink.open(a)) {
                cat.stdout().transferTo(out);
                cat.awaitSuccess("streaming the copy" + where, ctx.timeout());
                ctx.entry().artifacts.add(out.commit());
            }
        } finally {
            removeTemp(runner, temp);
        }
    }

    private static void removeTemp(CommandRunner runner, String temp) {
        try {
            Commands.capture(runner, "removing " + temp, cleanupCommand(temp), Map.of(), QUERY_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the temporary copy {} in {}: {}", temp, runner.describe(), e.getMessage());
        }
    }

    // ---- check ------------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        byte[] header = data.readNBytes(HEADER_SIZE);
        String problem = headerProblem(header, artifact.size);
        if (problem != null) {
            data.transferTo(OutputStream.nullOutputStream());
            report.add("db_unreadable", store, artifact.name, problem);
            return;
        }
        Path dir = Files.createTempDirectory("snapdock-sqlite-check-");
        try {
            Path db = dir.resolve("check.sqlite");
            try (OutputStream out = Files.newOutputStream(db)) {
                out.write(header);
                data.transferTo(out);
            }
            List<String> answer;
            try {
                answer = integrityCheck(db);
            } catch (SQLException e) {
                boolean corrupt = e.getErrorCode() == SQLiteErrorCode.SQLITE_CORRUPT.code;
                report.add(corrupt ? "db_integrity_check_failed" : "db_unreadable", store, artifact.name,
                        "sqlite: " + e.getMessage());
                return;
            }
            if (!(answer.size() == 1 && "ok".equals(answer.get(0)))) {
                report.add("db_integrity_check_failed", store, artifact.name,
                        "PRAGMA integrity_check: " + String.join(" | ", answer.subList(0, Math.min(5, answer.size()))));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** {@code PRAGMA integrity_check} of a local file with the driver's SQLite; its answer lines. */
    static List<String> integrityCheck(Path db) throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db.toAbsolutePath());
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, StoreHandler.ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx);
        String id = ctx.spec().container();
        Manifest.Artifact artifact = entry.artifacts.stream().filter(a -> KIND.equals(a.kind)).findFirst()
                .orElseThrow(() -> SnapdockException.failed("snapshot entry of " + entry.name + " holds no SQLite database"));
        String path = ctx.spec().option("path", null) != null ? path(ctx) : path(entry.name, artifact.database);
        String parent = parentOf(path);
        InspectContainerResponse inspected = docker.inspect(id);
        String image = inspected.getConfig().getImage();
        List<String> mounts = inspected.getMounts() == null ? List.of()
                : inspected.getMounts().stream().map(m -> m.getDestination() == null ? "" : m.getDestination().getPath())
                .filter(p -> !p.isEmpty()).toList();
        boolean sharedWithSiblings = onMount(mounts, path);

        // Before anything stops: the database is fetched and checked locally, and the current
        // file's owner is known (the parent folder's when there is no file).
        FileInfo current = statOrNull(ctx, path);
        FileInfo fallbackOwner = current != null ? current : parseStat(Commands.capture(ctx.runner(), "stat " + parent,
                statCommand(parent), Map.of(), QUERY_TIMEOUT));
        if (current == null) {
            fallbackOwner = new FileInfo(fallbackOwner.uid(), fallbackOwner.gid(), 0644, true);
        }
        Path work = Files.createTempDirectory("snapdock-sqlite-restore-");
        try {
            Path incoming = work.resolve("incoming.sqlite");
            fetch(source, artifact, incoming);

            Replacement r = new Replacement(ctx, docker, image, id, path, sharedWithSiblings, work, incoming);
            r.owner = fallbackOwner;
            r.exists = current != null;
            new ContainerSwap(ctx, ContainerSwap.containersToStop(ctx, docker), "the previous " + path, r).run();
        } finally {
            deleteTree(work);
        }
    }

    /** Copies the artifact to a local file, checking its size, SHA-256 and header against the manifest. */
    private static void fetch(StoreHandler.ArtifactSource source, Manifest.Artifact a, Path to) throws IOException {
        MessageDigest sha = ArtifactOutput.newSha256();
        try (InputStream in = new DigestInputStream(source.open(a), sha)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        long size = Files.size(to);
        String sum = HexFormat.of().formatHex(sha.digest());
        if (size != a.size || (a.sha256 != null && !a.sha256.equals(sum))) {
            throw SnapdockException.failed("artifact " + a.name + " changed since its backup (" + size + " bytes, SHA-256 "
                    + sum + "); nothing was changed");
        }
        byte[] header;
        try (InputStream in = Files.newInputStream(to)) {
            header = in.readNBytes(HEADER_SIZE);
        }
        String problem = headerProblem(header, size);
        if (problem != null) {
            throw SnapdockException.failed("artifact " + a.name + " is not a usable SQLite database: " + problem);
        }
    }

    /** After the start: the restored database must answer PRAGMA integrity_check with ok. */
    private static ContainerControl.Probe probe(StoreContext ctx, String path, FileInfo owner) {
        return () -> {
            String out = Commands.capture(ownerRunner(ctx, owner), "PRAGMA integrity_check of " + path,
                    integrityCommand(path), Map.of(), QUERY_TIMEOUT);
            if (!integrityOk(out)) {
                throw SnapdockException.failed("PRAGMA integrity_check of " + path + ": " + RunningCommand.summary(out));
            }
        };
    }

    /** One restore's state and steps: the copies taken aside and how to put them back. */
    private static final class Replacement implements ContainerSwap.Steps {
        final StoreContext ctx;
        final DockerGateway docker;
        final String image;
        final String id;
        final String path;
        final boolean sharedWithSiblings;
        final Path work;
        final Path incoming;
        boolean exists;
        Path asideDb;
        Path asideWal;
        Path tar;
        /** Owner and mode the restored file gets: the previous file's. */
        FileInfo owner;

        Replacement(StoreContext ctx, DockerGateway docker, String image, String id, String path,
                    boolean sharedWithSiblings, Path work, Path incoming) {
            this.ctx = ctx;
            this.docker = docker;
            this.image = image;
            this.id = id;
            this.path = path;
            this.sharedWithSiblings = sharedWithSiblings;
            this.work = work;
            this.incoming = incoming;
        }

        /** The stopped container's current file and -wal (it may hold committed transactions) to local tars. */
        @Override
        public void takeAside() throws IOException {
            if (exists) {
                Path db = work.resolve("aside-db.tar");
                try (InputStream in = docker.copyOut(id, path)) {
                    Files.copy(in, db, StandardCopyOption.REPLACE_EXISTING);
                }
                asideDb = db;
                try (InputStream in = docker.copyOut(id, path + "-wal")) {
                    Path wal = work.resolve("aside-wal.tar");
                    Files.copy(in, wal, StandardCopyOption.REPLACE_EXISTING);
                    asideWal = wal;
                } catch (SnapdockException noWal) {
                    // no -wal file: nothing more to keep
                }
                owner = ownerOf(asideDb);
            }
            tar = work.resolve("restore.tar");
            writeSingleEntryTar(incoming, fileName(path), owner, tar);
        }

        /** Stale companions removed, then the restored file written with the previous file's owner and mode. */
        @Override
        public void putInPlace() throws IOException {
            clearCompanions();
            try (InputStream in = Files.newInputStream(tar)) {
                docker.copyIn(id, parentOf(path), in);
            }
        }

        /** After the start: the restored database must answer PRAGMA integrity_check with ok. */
        @Override
        public ContainerControl.Probe restoredAnswers() {
            return probe(ctx, path, owner);
        }

        @Override
        public Exception failedAfterStart(Exception e) {
            return SnapdockException.failed("the restored " + path + " of " + ctx.spec().name()
                    + " failed after its container started (" + e.getMessage() + "); the previous file was put back");
        }

        /**
         * Removes the old database's -wal, -shm and -journal: from a sibling container when the
         * file is on a volume, else (a file in the container's own layer, which no sibling sees)
         * by overwriting them with empty files, which SQLite treats as absent.
         */
        void clearCompanions() throws IOException {
            if (sharedWithSiblings) {
                DockerGateway.Sibling s = docker.runSibling(image, id, removeCompanionsCommand(path), ctx.timeout());
                if (s.exitCode() != 0) {
                    throw SnapdockException.failed("could not remove the -wal/-shm/-journal files of " + path
                            + " (exit " + s.exitCode() + "): " + s.output().strip());
                }
                return;
            }
            Path empty = work.resolve("empty");
            Files.write(empty, new byte[0]);
            for (String c : COMPANIONS) {
                Path emptyTar = work.resolve("empty" + c + ".tar");
                writeSingleEntryTar(empty, fileName(path) + c, owner, emptyTar);
                try (InputStream in = Files.newInputStream(emptyTar)) {
                    docker.copyIn(id, parentOf(path), in);
                }
            }
        }

        /** Puts the copy taken aside back (the container is stopped); without one, removes what was written. */
        @Override
        public boolean putBack(Exception cause) {
            try {
                clearCompanions();
                if (asideDb == null) {
                    DockerGateway.Sibling s = docker.runSibling(image, id, List.of("rm", "-f", path), ctx.timeout());
                    if (s.exitCode() != 0) {
                        throw SnapdockException.failed("could not remove " + path + ": " + s.output().strip());
                    }
                    return true;
                }
                try (InputStream in = Files.newInputStream(asideDb)) {
                    docker.copyIn(id, parentOf(path), in);
                }
                if (asideWal != null) {
                    try (InputStream in = Files.newInputStream(asideWal)) {
                        docker.copyIn(id, parentOf(path), in);
                    }
                }
                return true;
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(SnapdockException.failed("putting the previous " + path + " back failed too: "
                        + e.getMessage()));
                return false;
            }
        }
    }
}
