package io.snapdock.handlers.sqlite;

import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.sqlite.SqliteCommands.FileInfo;
import io.snapdock.handlers.sqlite.SqliteInContainer.Sqlite3;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.sqlite.SqliteCommands.*;
import static io.snapdock.handlers.sqlite.SqliteInContainer.*;

/**
 * The SQLite steps of the {@link ContainerSwap}, with the container (and its {@code stop-with}
 * companions) stopped: the current file and its {@code -wal} copied aside to local tars, stale
 * companions removed, the restored file written with the previous file's owner and mode; after
 * the start it must pass {@code PRAGMA integrity_check}. One restore's state: the copies taken
 * aside and how to put them back.
 */
final class SqliteFileSwap implements ContainerSwap.Steps {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private final StoreContext ctx;
    private final DockerGateway docker;
    private final String image;
    private final String id;
    private final String path;
    private final boolean sharedWithSiblings;
    private final Path work;
    private final Path incoming;
    private final boolean exists;
    private Path asideDb;
    private Path asideWal;
    private Path tar;
    /** Owner and mode the restored file gets: the previous file's. */
    private FileInfo owner;
    /** Where sqlite3 runs: the application's container, or a sibling of it. */
    private final Sqlite3 sqlite3;

    SqliteFileSwap(StoreContext ctx, DockerGateway docker, String image, String path, boolean sharedWithSiblings,
            Path work, Path incoming, boolean exists, FileInfo owner, Sqlite3 sqlite3) {
        this.ctx = ctx;
        this.docker = docker;
        this.image = image;
        this.id = ctx.spec().container();
        this.path = path;
        this.sharedWithSiblings = sharedWithSiblings;
        this.work = work;
        this.incoming = incoming;
        this.exists = exists;
        this.owner = owner;
        this.sqlite3 = sqlite3;
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
        return probe(ctx, sqlite3, path, owner);
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

    /** After the start: the restored database must answer PRAGMA integrity_check with ok. */
    static ContainerControl.Probe probe(StoreContext ctx, Sqlite3 sqlite3, String path, FileInfo owner) {
        return () -> {
            String out = Commands.capture(ownerRunner(ctx, sqlite3, owner), "PRAGMA integrity_check of " + path,
                    integrityCommand(path), Map.of(), QUERY_TIMEOUT);
            if (!integrityOk(out)) {
                throw SnapdockException
                        .failed("PRAGMA integrity_check of " + path + ": " + RunningCommand.summary(out));
            }
        };
    }
}
