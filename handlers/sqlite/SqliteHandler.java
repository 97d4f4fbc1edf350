package io.snapdock.handlers.sqlite;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.PathProbe;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.sqlite.SqliteCommands.FileInfo;
import io.snapdock.handlers.sqlite.SqliteInContainer.Sqlite3;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.snapdock.handlers.sqlite.SqliteCommands.*;
import static io.snapdock.handlers.sqlite.SqliteFormat.*;
import static io.snapdock.handlers.sqlite.SqliteInContainer.*;

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
 * {@code sqlite3} is copied online by short-lived sibling containers from
 * {@code snapdock.sqlite.tool-image} (option {@code tool-image}) that mount its volumes and run as
 * the file's owner: one sibling copies, checks and streams (its /tmp goes with it); without a tool
 * image, use {@code snapdock.mode=stop} (the folder method).
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
 *
 * <p>The command lines are in {@link SqliteCommands}, what runs in the container in
 * {@link SqliteInContainer}, the file checks in {@link SqliteFormat}, the restore's steps in
 * {@link SqliteFileSwap}.
 */
public final class SqliteHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteHandler.class);

    static final String ARTIFACT = "database.sqlite";
    static final String KIND = "sqlite";
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String type() {
        return "sqlite";
    }

    @Override
    public List<String> aliases() {
        return List.of("sqlite3");
    }

    // ---- probe / backup ---------------------------------------------------------------

    @Override
    public void probe(StoreContext ctx) throws IOException {
        DockerGateway docker = docker(ctx);
        docker.inspect(ctx.spec().container());
        if ("stop".equals(ctx.spec().mode())) {
            return;   // the folder method copies it; sqlite3 is not needed
        }
        sqlite3(ctx);
        statFile(ctx, path(ctx));
    }

    /** Empty: the database file missing or of 0 bytes, and no write-ahead log holding anything. */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        String path = path(ctx);
        return PathProbe.allEmpty(ctx, path, path + "-wal");
    }

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        docker(ctx);
        String path = path(ctx);
        Sqlite3 sqlite3 = sqlite3(ctx);
        FileInfo file = statFile(ctx, path);
        CommandRunner runner = ownerRunner(ctx, sqlite3, file);
        ctx.entry().serverVersion = sqlite3.version();
        ctx.entry().tool = sqlite3.describe() + " .backup (online backup API)";
        String temp = tempPath();
        String where = " of " + path + " on " + ctx.spec().name();
        if (sqlite3.inSibling()) {
            backupInSibling(ctx, sink, runner, path, temp, where);
            return;
        }
        try {
            Commands.capture(runner, "sqlite3 .backup" + where, backupCommand(path, temp), Map.of(), ctx.timeout());
            String check = Commands.capture(runner, "PRAGMA integrity_check of the copy" + where,
                    integrityCommand(temp),
                    Map.of(), ctx.timeout());
            if (!integrityOk(check)) {
                throw SnapdockException.failed("the copy" + where + " fails PRAGMA integrity_check (the database itself"
                        + " is probably damaged; nothing was written): " + RunningCommand.summary(check));
            }
            Manifest.Artifact a = artifact(path);
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

    /**
     * The same backup in one sibling container that mounts the application's volumes (the file must
     * be on one): copy, check and stream in one command, since the sibling's /tmp goes with it.
     */
    private static void backupInSibling(StoreContext ctx, BackupSink sink, CommandRunner runner, String path,
                                        String temp, String where) throws IOException {
        if (!onMount(mountsOf(docker(ctx).inspect(ctx.spec().container())), path)) {
            throw SnapdockException.badInput("the SQLite database " + path + " of store " + ctx.spec().name()
                    + " is not on a volume or bind mount of its container, so a sibling container cannot see it"
                    + " (its container has no sqlite3): put it on a volume, or use snapdock.mode=stop");
        }
        Manifest.Artifact a = artifact(path);
        try (RunningCommand cmd = runner.start(siblingBackupCommand(path, temp), Map.of(), false);
             ArtifactOutput out = sink.open(a)) {
            cmd.stdout().transferTo(out);
            int code = cmd.waitFor(ctx.timeout());
            if (code == INTEGRITY_FAILED) {
                throw SnapdockException.failed("the copy" + where + " fails PRAGMA integrity_check (the database"
                        + " itself is probably damaged; nothing was written): " + RunningCommand.summary(cmd.stderr()));
            }
            if (code != 0) {
                throw SnapdockException.failed("sqlite3 .backup" + where + " in " + runner.describe() + " failed (exit "
                        + code + "): " + RunningCommand.summary(cmd.stderr()));
            }
            ctx.entry().artifacts.add(out.commit());
        }
    }

    private static Manifest.Artifact artifact(String path) {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = ARTIFACT;
        a.kind = KIND;
        a.format = "sqlite3";
        a.database = path;
        return a;
    }

    /** Where the container's volumes and bind mounts are mounted. */
    private static List<String> mountsOf(InspectContainerResponse inspected) {
        return inspected.getMounts() == null ? List.of()
                : inspected.getMounts().stream()
                        .map(m -> m.getDestination() == null ? "" : m.getDestination().getPath())
                        .filter(p -> !p.isEmpty()).toList();
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
    public void restore(StoreContext ctx, Manifest.StoreEntry entry,
                        StoreHandler.ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx);
        String id = ctx.spec().container();
        Manifest.Artifact artifact = entry.artifacts.stream().filter(a -> KIND.equals(a.kind)).findFirst()
                .orElseThrow(() -> SnapdockException
                        .failed("snapshot entry of " + entry.name + " holds no SQLite database"));
        String path = ctx.spec().option("path", null) != null ? path(ctx) : path(entry.name, artifact.database);
        String parent = parentOf(path);
        InspectContainerResponse inspected = docker.inspect(id);
        String image = inspected.getConfig().getImage();
        boolean sharedWithSiblings = onMount(mountsOf(inspected), path);
        // Where the restored file's integrity_check will run: decided while the container still runs.
        Sqlite3 sqlite3 = sqlite3(ctx);

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

            SqliteFileSwap steps = new SqliteFileSwap(ctx, docker, image, path, sharedWithSiblings, work, incoming,
                    current != null, fallbackOwner, sqlite3);
            new ContainerSwap(ctx, ContainerSwap.containersToStop(ctx, docker), "the previous " + path, steps).run();
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
            throw SnapdockException
                    .failed("artifact " + a.name + " changed since its backup (" + size + " bytes, SHA-256 "
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
}
