package io.snapdock.handlers.redis;

import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.StoreContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.redis.RedisCli.*;
import static io.snapdock.handlers.redis.RedisFiles.*;

/**
 * The Redis/Valkey steps of the {@link ContainerSwap}, with the container stopped: the current
 * RDB file and append-only files copied aside to local files through the Docker archive API,
 * then the restored RDB put in as {@code dbfilename} and as the only base file of a new AOF
 * (why the AOF must go: see {@link RedisHandler}); after the start the server must answer
 * PING, hold keys if the snapshot did, and still have its AOF on.
 */
final class RdbSwap implements ContainerSwap.Steps {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHandler.class);
    /** The longest a sibling container that removes files may take. */
    private static final Duration SIBLING_TIMEOUT = Duration.ofMinutes(10);

    private final StoreContext ctx;
    private final Cli cli;
    private final DockerGateway docker;
    private final String image;
    private final String id;
    private final Settings settings;
    private final Path rdb;
    private final long expectedKeys;
    /** What was in place before the restore. */
    final Aside aside = new Aside();
    /** The restored files as the tar unpacked into the data folder. */
    private Path tar;

    RdbSwap(StoreContext ctx, Cli cli, DockerGateway docker, String image, Settings settings, Path rdb,
            long expectedKeys) {
        this.ctx = ctx;
        this.cli = cli;
        this.docker = docker;
        this.image = image;
        this.id = ctx.spec().container();
        this.settings = settings;
        this.rdb = rdb;
        this.expectedKeys = expectedKeys;
    }

    /** The current RDB and AOF copied aside, and the restored RDB packed with their owner and mode. */
    @Override
    public void takeAside() throws IOException {
        copyAside(docker, id, settings, aside);
        tar = Files.createTempFile("snapdock-redis-", ".tar");
        writeTar(tar, rdb, settings, aside.owner);
    }

    @Override
    public void putInPlace() throws IOException {
        install(ctx, docker, image, id, settings, tar);
    }

    @Override
    public boolean putBack(Exception cause) {
        return restorePrevious(ctx, docker, image, id, settings, aside, cause);
    }

    /** The server answers PING: with the restored data set ... */
    @Override
    public ContainerControl.Probe restoredAnswers() {
        return () -> ping(ctx, cli);
    }

    /** ... and with the previous one put back. */
    @Override
    public ContainerControl.Probe previousAnswers() {
        return () -> ping(ctx, cli);
    }

    @Override
    public void checkRestored() throws IOException {
        verify(ctx, cli, settings, expectedKeys);
    }

    /** The local files of this restore: the tar, and the copies aside unless {@code keepAside}. */
    void deleteFiles(boolean keepAside) throws IOException {
        if (tar != null) {
            Files.deleteIfExists(tar);
        }
        if (!keepAside) {
            aside.delete();
        }
    }

    /** What was in place before the restore, kept in local files (tar streams as the archive API gave them). */
    static final class Aside {
        Path rdb;
        Path aof;
        Owner owner;

        void delete() {
            for (Path p : new Path[]{rdb, aof}) {
                try {
                    if (p != null) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }

        @Override
        public String toString() {
            return (rdb != null ? rdb : "") + (aof != null ? " " + aof : "");
        }
    }

    /** Sibling containers that remove files take at most this (or the store's timeout when shorter). */
    static Duration siblingTimeout(StoreContext ctx) {
        return ctx.timeout().compareTo(SIBLING_TIMEOUT) < 0 ? ctx.timeout() : SIBLING_TIMEOUT;
    }

    /** A tar stream of {@code path} in the container, or null when there is no such path. */
    static InputStream copyOutIfExists(DockerGateway docker, String id, String path) {
        return docker.copyOutIfExists(id, path);
    }

    static Path copyOutToFile(DockerGateway docker, String id, String path) throws IOException {
        try (InputStream in = copyOutIfExists(docker, id, path)) {
            if (in == null) {
                return null;
            }
            Path file = Files.createTempFile("snapdock-redis-aside-", ".tar");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    static Owner firstEntryOwner(InputStream tar, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveInputStream(tar).getNextEntry();
        if (e == null) {
            return null;
        }
        return new Owner(e.getLongUserId(), e.getLongGroupId(), mode >= 0 ? mode : e.getMode() & 07777);
    }

    /** Copies the current RDB and AOF aside (the container is stopped) and notes whom the files belong to. */
    static void copyAside(DockerGateway docker, String id, Settings s, Aside aside) throws IOException {
        aside.rdb = copyOutToFile(docker, id, s.rdbPath());
        if (s.aof()) {
            aside.aof = copyOutToFile(docker, id, s.aofPath());
        }
        if (aside.rdb != null) {
            try (InputStream in = Files.newInputStream(aside.rdb)) {
                aside.owner = firstEntryOwner(in, -1);
            }
        }
        if (aside.owner == null && aside.aof != null) {
            try (InputStream in = Files.newInputStream(aside.aof)) {
                aside.owner = firstEntryOwner(in, 0644);
            }
        }
        if (aside.owner == null) {
            try (InputStream in = copyOutIfExists(docker, id, s.dir())) {
                aside.owner = in == null ? null : firstEntryOwner(in, 0644);
            }
        }
        if (aside.owner == null) {
            aside.owner = new Owner(0, 0, 0644);
        }
    }

    /** With the container stopped: the AOF removed (and its removal checked), the new files unpacked. */
    static void install(StoreContext ctx, DockerGateway docker, String image, String id, Settings s,
                        Path tar) throws IOException {
        if (s.aof()) {
            remove(ctx, docker, image, id, List.of(s.aofPath()));
            try (InputStream left = copyOutIfExists(docker, id, s.aofPath())) {
                if (left != null) {
                    throw SnapdockException.failed("the append-only files " + s.aofPath() + " of " + ctx.spec().name()
                            + " could not be removed: is " + s.dir() + " on a volume?");
                }
            }
        }
        try (InputStream in = Files.newInputStream(tar)) {
            docker.copyIn(id, s.dir(), in);
        }
    }

    /** Deletes paths in the stopped container's volumes from a sibling container (same image, same volumes). */
    static void remove(StoreContext ctx, DockerGateway docker, String image, String id, List<String> paths) {
        List<String> cmd = new ArrayList<>(List.of("rm", "-rf", "--"));
        cmd.addAll(paths);
        DockerGateway.Sibling s = docker.runSibling(image, id, cmd, siblingTimeout(ctx));
        if (s.exitCode() != 0) {
            throw SnapdockException.failed("could not remove " + String.join(", ", paths) + " of " + ctx.spec().name()
                    + " (exit " + s.exitCode() + "): " + s.output().strip());
        }
    }

    /** With the container stopped: the previous RDB and AOF back in place. Returns false when that failed. */
    static boolean restorePrevious(StoreContext ctx, DockerGateway docker, String image, String id, Settings s,
                                   Aside aside, Exception cause) {
        try {
            List<String> paths = new ArrayList<>();
            paths.add(s.rdbPath());
            if (s.aof()) {
                paths.add(s.aofPath());
            }
            remove(ctx, docker, image, id, paths);
            if (aside.rdb != null) {
                try (InputStream in = Files.newInputStream(aside.rdb)) {
                    docker.copyIn(id, parent(s.rdbPath()), in);
                }
            }
            if (aside.aof != null) {
                try (InputStream in = Files.newInputStream(aside.aof)) {
                    docker.copyIn(id, parent(s.aofPath()), in);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("putting the previous files of " + ctx.spec().name()
                    + " back failed too (they are kept in " + aside + "): " + e.getMessage()));
            return false;
        }
    }

    /** After the start: the data set is loaded, holds keys if the snapshot did, and the AOF is still on. */
    static void verify(StoreContext ctx, Cli cli, Settings s, long expectedKeys) throws IOException {
        String name = ctx.spec().name();
        Map<String, String> persistence = info(ctx, cli, "persistence");
        if ("1".equals(persistence.get("loading"))) {
            throw SnapdockException.failed(name + " is still loading its data set");
        }
        long keys = keyCount(info(ctx, cli, "keyspace"));
        if (expectedKeys > 0 && keys == 0) {
            throw SnapdockException.failed(name + " holds no key after the restore although the snapshot held "
                    + expectedKeys + ": the server did not load the restored data set");
        }
        if (s.aof() && !"yes".equalsIgnoreCase(configGet(ctx, cli, "appendonly"))) {
            throw SnapdockException.failed("the append-only file of " + name + " is off after the restore");
        }
        String loaded = persistence.get("rdb_last_load_keys_loaded");
        LOG.info("Restored {}: {} keys now, {} in the snapshot{}{}", name, keys, expectedKeys,
                loaded != null ? ", loaded " + loaded + ", expired while loading "
                        + persistence.getOrDefault("rdb_last_load_keys_expired", "?") : "",
                keys == expectedKeys ? ""
                        : " (keys with a TTL expire, writes during the backup or since the start count too)");
    }
}
