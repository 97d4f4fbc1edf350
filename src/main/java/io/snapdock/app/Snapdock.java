package io.snapdock.app;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.LocalRunner;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.backend.Repositories;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.repo.content.RepositoryKey;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;

import java.time.Duration;

/**
 * The services every processor works with, bound in the Camel registry as {@code snapdock}.
 * The Docker connection and the repository are opened on first use, so {@code list} needs no
 * Docker engine and {@code backup} of a declared store needs no Docker either.
 */
public final class Snapdock implements AutoCloseable {

    public static final String BEAN = "snapdock";

    private final SnapdockConfig config;
    private final HandlerRegistry handlers;
    private final RunRegistry runs;
    private final io.snapdock.metrics.SnapdockMetrics metrics = new io.snapdock.metrics.SnapdockMetrics();
    private final StoreDiscovery discovery;
    private DockerGateway docker;
    private Snapshots snapshots;
    private Snapshots replica;
    private java.util.concurrent.ExecutorService runExecutor;
    private io.snapdock.run.StopJournal stopJournal;
    private io.snapdock.docker.ContainerControl containers;
    private final io.snapdock.history.StateDb stateDb;
    private final io.snapdock.history.FailureLog failures;
    private final io.snapdock.notify.WebhookNotifier notifier;
    private io.snapdock.maintenance.MaintenanceSettings maintenance;
    private final io.snapdock.maintenance.TargetPools targetPools = new io.snapdock.maintenance.TargetPools();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private io.snapdock.history.RestoreJournal restoreJournal;
    /** How S3 repositories send their writes: through the route s3-put once Camel is there, else the SDK. */
    private io.snapdock.repo.backend.ObjectWriter.Factory s3Writes;

    public Snapdock(SnapdockConfig config, HandlerRegistry handlers) {
        this.config = config;
        this.handlers = handlers;
        Secrets.register(config.get("snapdock.s3.secret-key"));
        Secrets.register(config.get("snapdock.replica.s3.secret-key"));
        this.discovery = new StoreDiscovery(config, this::docker, handlers);
        this.stateDb = new io.snapdock.history.StateDb(stateDir());
        this.runs = new RunRegistry(new io.snapdock.history.RunHistory(stateDb));
        this.failures = new io.snapdock.history.FailureLog(stateDb);
        this.notifier = io.snapdock.notify.WebhookNotifier.from(config);
    }

    /** This instance, as the restore journal records who wrote an entry. */
    public String instanceId() {
        return instanceId;
    }

    /** The journal of restores in progress (state database, table restore_journal). */
    public synchronized io.snapdock.history.RestoreJournal restoreJournal() {
        if (restoreJournal == null) {
            restoreJournal = new io.snapdock.history.RestoreJournal(stateDb);
        }
        return restoreJournal;
    }

    /** Whether a restore takes a safety snapshot of the stores first (snapdock.restore.safety-snapshot). */
    public boolean safetySnapshots() {
        return config.getBoolean("snapdock.restore.safety-snapshot", true);
    }

    /** S3 repositories opened from now on write through the route s3-put of {@code camel}. */
    public synchronized void writeThrough(org.apache.camel.CamelContext camel) {
        s3Writes = new io.snapdock.repo.backend.RouteObjectWriters(camel);
    }

    public static Snapdock from(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType(BEAN, Snapdock.class);
    }

    public SnapdockConfig config() {
        return config;
    }

    public HandlerRegistry handlers() {
        return handlers;
    }

    public RunRegistry runs() {
        return runs;
    }

    /** Snapdock's own meters (exposed at /observe/metrics by {@code serve}). */
    public io.snapdock.metrics.SnapdockMetrics metrics() {
        return metrics;
    }

    public StoreDiscovery discovery() {
        return discovery;
    }

    public synchronized DockerGateway docker() {
        if (docker == null) {
            docker = new DockerGateway(config.get("snapdock.docker.host", "unix:///var/run/docker.sock"));
        }
        return docker;
    }

    /** The repository, checked on first use: an unreachable one fails here, before anything is touched. */
    public synchronized Snapshots snapshots() {
        if (snapshots == null) {
            Repository repo = Repositories.open(config, s3Writes);
            try {
                repo.check();
            } catch (SnapdockException e) {
                repo.close();
                throw e;
            }
            try {
                snapshots = new Snapshots(repo, contentSettings());
                listing(snapshots);
            } catch (SnapdockException e) {
                repo.close();
                throw e;
            }
        }
        return snapshots;
    }

    /** Whether a replica is configured ({@code snapdock.replica}). */
    public boolean hasReplica() {
        return io.snapdock.config.ReplicaConfig.location(config) != null;
    }

    /**
     * The replica ({@code snapdock.replica}), checked on first use like the primary; its S3 settings
     * are {@code snapdock.replica.s3.*}, each falling back to {@code snapdock.s3.*}.
     */
    public synchronized Snapshots replica() {
        if (!hasReplica()) {
            throw SnapdockException.badInput("no replica is configured (snapdock.replica is empty)");
        }
        if (replica == null) {
            Repository repo = Repositories.open(io.snapdock.config.ReplicaConfig.location(config),
                    io.snapdock.config.ReplicaConfig.view(config), s3Writes);
            try {
                repo.check();
                replica = new Snapshots(repo, contentSettings());
                listing(replica);
            } catch (SnapdockException e) {
                repo.close();
                throw e;
            }
        }
        return replica;
    }

    /** The repository named by {@link io.snapdock.run.Sources} ({@code primary} or null, {@code replica}). */
    public Snapshots snapshots(String source) {
        return io.snapdock.run.Sources.REPLICA.equals(source) ? replica() : snapshots();
    }

    /** How {@code list} reads a repository: readers at once, and its lines cached in the state folder per repository. */
    private void listing(Snapshots s) {
        s.listReaders(config.getInt("snapdock.list.readers", 16, 1, 64));
        byte[] where = s.repository().describe().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            String id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(where));
            s.listCache(stateDir().resolve("list-cache").resolve(id.substring(0, 16) + ".json"));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** How the repository's content is cut, compressed and sealed (the key read from its file, if one is set). */
    Snapshots.ContentSettings contentSettings() {
        String keyFile = config.get("snapdock.encryption.key-file", "");
        RepositoryKey key = keyFile.isBlank() ? null : RepositoryKey.read(java.nio.file.Path.of(keyFile));
        // Checked at start-up (ConfigCheck): a power of two within bounds.
        int avgKib = config.getInt("snapdock.chunking.average-kib", 1024, 64, 16384);
        return new Snapshots.ContentSettings(key, avgKib * 1024,
                config.getInt("snapdock.compression.level", 3, 1, 19),
                config.getInt("snapdock.repository.pack-size-mib", 16, 1, 512) * 1024 * 1024);
    }

    /** Where runs started by the API execute; they queue on the run lock, one at a time. */
    public synchronized java.util.concurrent.ExecutorService runExecutor() {
        if (runExecutor == null) {
            runExecutor = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "snapdock-run");
                t.setDaemon(true);
                return t;
            });
        }
        return runExecutor;
    }

    public Duration storeTimeout() {
        return Duration.ofMinutes(config.getInt("snapdock.backup.store-timeout-minutes", 240, 1, 100_000));
    }

    /** Where a store's tools run: inside its container, or locally for a store reached by host and port. */
    public CommandRunner runnerFor(StoreSpec spec) {
        if (spec.inContainer()) {
            StoreHandler h = handlers.get(spec.type());
            return docker().exec(spec.container(), spec.containerName(), spec.option("exec-user", h.execUser()));
        }
        return new LocalRunner();
    }

    public StoreContext context(StoreSpec spec, Manifest.StoreEntry entry) {
        if (spec.inContainer()) {
            return new StoreContext(spec, runnerFor(spec), entry, storeTimeout(), docker(), containers());
        }
        return new StoreContext(spec, runnerFor(spec), entry, storeTimeout());
    }

    /** The folder for Snapdock's own state: the stop journal, staging of stop-mode copies. */
    public java.nio.file.Path stateDir() {
        return java.nio.file.Path.of(config.get("snapdock.state-dir", "./snapdock-state")).toAbsolutePath().normalize();
    }

    public synchronized io.snapdock.run.StopJournal stopJournal() {
        if (stopJournal == null) {
            stopJournal = new io.snapdock.run.StopJournal(stateDir());
        }
        return stopJournal;
    }

    public synchronized io.snapdock.docker.ContainerControl containers() {
        if (containers == null) {
            containers = new io.snapdock.docker.ContainerControl(docker(), stopJournal(),
                    config.getInt("snapdock.stop.timeout-seconds", 60, 1, 3600));
        }
        return containers;
    }

    /** How long a restarted store may take to be healthy again. */
    public Duration startTimeout() {
        return Duration.ofSeconds(config.getInt("snapdock.start.timeout-seconds", 120, 1, 3600));
    }

    /** Snapdock's embedded database: run history and dead-letter records (bound as {@code snapdockStateDb}). */
    public io.snapdock.history.StateDb stateDb() {
        return stateDb;
    }

    public io.snapdock.history.FailureLog failures() {
        return failures;
    }

    public io.snapdock.notify.WebhookNotifier notifier() {
        return notifier;
    }

    /** The maintenance settings and targets, read (and checked) on first use. */
    public synchronized io.snapdock.maintenance.MaintenanceSettings maintenance() {
        if (maintenance == null) {
            maintenance = io.snapdock.maintenance.MaintenanceSettings.from(config);
        }
        return maintenance;
    }

    /** A pooled connection to a maintenance target. */
    public javax.sql.DataSource targetDataSource(io.snapdock.maintenance.MaintenanceTarget target) {
        return targetPools.get(target, maintenance().connectTimeout());
    }

    /** Where a maintenance target's tools (pg_repack) run: inside its container, or locally. */
    public CommandRunner runnerFor(io.snapdock.maintenance.MaintenanceTarget target) {
        if (target.container() != null) {
            return docker().exec(target.container(), target.container(), "postgres");
        }
        return new LocalRunner();
    }

    public static String version() {
        String v = Snapdock.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public synchronized void close() {
        targetPools.close();
        if (runExecutor != null) {
            runExecutor.shutdownNow();
        }
        if (snapshots != null) {
            snapshots.repository().close();
        }
        if (replica != null) {
            replica.repository().close();
        }
        if (docker != null) {
            docker.close();
        }
    }
}
