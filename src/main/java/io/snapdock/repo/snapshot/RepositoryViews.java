package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.config.ReplicaConfig;
import io.snapdock.config.Settings;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.repo.backend.ObjectWriter;
import io.snapdock.repo.backend.Repositories;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.RepositoryKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The repositories a run reads and writes: the primary ({@code snapdock.repository}) and, when
 * one is configured, the replica ({@code snapdock.replica}). Each is opened and checked on first
 * use, so an unreachable one fails there, before anything is touched, and {@code list} of a
 * folder repository needs nothing else.
 * <p>
 * Which one a read uses: {@code primary}, {@code replica}, or, when the caller names none, the
 * primary, unless it is unreachable and a replica is configured. The rule: the primary's own
 * reachability check failing as unavailable (S3 endpoint down, bucket gone, access refused)
 * switches to the replica, with a warning in the log; any other problem (a wrong key, a missing
 * snapshot) is reported as it is, and never silently answered from the replica.
 */
public final class RepositoryViews implements AutoCloseable {

    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryViews.class);

    private final SnapdockConfig config;
    private final Settings.Repository settings;
    private final Path stateDir;
    private Snapshots primary;
    private Snapshots replica;
    /** How S3 repositories send their writes: through the route s3-put once Camel is there, else the SDK. */
    private ObjectWriter.Factory writes;

    public RepositoryViews(SnapdockConfig config, Settings.Repository settings, Path stateDir) {
        this.config = config;
        this.settings = settings;
        this.stateDir = stateDir;
    }

    /** S3 repositories opened from now on write through {@code writes} (the route s3-put). */
    public synchronized void writeThrough(ObjectWriter.Factory writes) {
        this.writes = writes;
    }

    /** The primary repository, checked on first use. */
    public synchronized Snapshots primary() {
        if (primary == null) {
            primary = open(Repositories.open(settings.location(), config, writes));
        }
        return primary;
    }

    public boolean hasReplica() {
        return ReplicaConfig.location(config) != null;
    }

    /** The replica, checked on first use; its S3 settings are {@code snapdock.replica.s3.*} over {@code snapdock.s3.*}. */
    public synchronized Snapshots replica() {
        if (!hasReplica()) {
            throw SnapdockException.badInput("no replica is configured (snapdock.replica is empty)");
        }
        if (replica == null) {
            replica = open(Repositories.open(ReplicaConfig.location(config), ReplicaConfig.view(config), writes));
        }
        return replica;
    }

    /** The repository named by {@code source}: {@code replica}, or the primary ({@code primary} or null). */
    public Snapshots snapshots(String source) {
        return REPLICA.equals(source) ? replica() : primary();
    }

    /** The replica's location as configured ({@code file:PATH} or {@code s3://BUCKET/PREFIX}: no credentials). */
    /**
     * The id in {@code config.json} of the repository {@code source} names (null: it holds none):
     * what a restore journal entry is bound to. A repository that cannot be read throws.
     */
    public String repositoryId(String source) {
        io.snapdock.repo.content.RepositoryConfig c = io.snapdock.repo.content.RepositoryConfig
                .read(snapshots(source).repository());
        return c == null ? null : c.id;
    }

    public String replicaLocation() {
        return ReplicaConfig.location(config);
    }

    /** snapdock.replica.verify=read-back: every copied pack read back from the replica and hashed again. */
    public boolean replicaReadBack() {
        return ReplicaConfig.readBack(config);
    }

    /** {@code from} as asked ({@code primary}, {@code replica}, null or {@code auto}): the source to read. */
    public String resolve(String from) {
        if (from == null || from.isBlank() || "auto".equals(from)) {
            return auto();
        }
        if (PRIMARY.equals(from)) {
            primary();
            return PRIMARY;
        }
        if (REPLICA.equals(from)) {
            replica();
            return REPLICA;
        }
        throw SnapdockException.badInput("invalid source '" + from + "': expected primary or replica");
    }

    private String auto() {
        if (!hasReplica()) {
            primary();
            return PRIMARY;
        }
        try {
            primary();
            return PRIMARY;
        } catch (SnapdockException e) {
            if (e.kind() != SnapdockException.Kind.UNAVAILABLE) {
                throw e;
            }
            try {
                replica();
            } catch (SnapdockException r) {
                throw SnapdockException
                        .unavailable(e.getMessage() + "; the replica cannot be used either: " + r.getMessage(), e);
            }
            LOG.warn("PRIMARY REPOSITORY UNREACHABLE ({}): reading from the replica {} instead", e.getMessage(),
                    replica().repository().describe());
            return REPLICA;
        }
    }

    /** Checks a repository, then its content store's settings; how {@code list} reads it (readers, a cache per repository). */
    private Snapshots open(Repository repo) {
        try {
            repo.check();
            Snapshots s = new Snapshots(repo, contentSettings());
            s.listReaders(settings.listReaders());
            s.listCache(stateDir.resolve("list-cache").resolve(cacheName(repo) + ".json"));
            return s;
        } catch (SnapdockException e) {
            repo.close();
            throw e;
        }
    }

    /** How the repository's content is cut, compressed and sealed (the key read from its file, if one is set). */
    private Snapshots.ContentSettings contentSettings() {
        RepositoryKey key = settings.keyFile() == null ? null : RepositoryKey.read(settings.keyFile());
        return new Snapshots.ContentSettings(key, settings.chunkAverageKib() * 1024, settings.compressionLevel(),
                settings.packSizeMib() * 1024 * 1024);
    }

    private static String cacheName(Repository repo) {
        try {
            byte[] where = repo.describe().getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(where)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public synchronized void close() {
        if (primary != null) {
            primary.repository().close();
        }
        if (replica != null) {
            replica.repository().close();
        }
    }
}
