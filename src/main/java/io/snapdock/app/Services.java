package io.snapdock.app;

import io.snapdock.config.Secrets;
import io.snapdock.config.Settings;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerConnection;
import io.snapdock.docker.StopJournal;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.history.FailureLog;
import io.snapdock.history.RestoreJournal;
import io.snapdock.history.RunHistory;
import io.snapdock.history.StateDb;
import io.snapdock.maintenance.MaintenanceSettings;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.metrics.SnapdockMetrics;
import io.snapdock.notify.WebhookNotifier;
import io.snapdock.replication.ReplicaService;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.restore.RestorePlanner;
import io.snapdock.restore.RestorePreview;
import io.snapdock.retention.Prune;
import io.snapdock.retention.RetentionSettings;
import io.snapdock.run.RunRegistry;
import io.snapdock.stores.StoreContexts;
import io.snapdock.stores.StoreControl;

import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Every service of one Snapdock process, created once at start-up from the settings read (and
 * checked) then, and closed with the Camel context. The processors get what they use through
 * their constructors ({@link ProcessorWiring}); nothing looks a service up. Connections (Docker,
 * the repository, maintenance targets) open on first use, so {@code list} needs no Docker engine
 * and a backup of a store declared by host and port needs none either.
 */
public final class Services implements AutoCloseable {

    /** The registry name of the state database, for the routes' {@code sql:} endpoints. */
    public static final String STATE_DB = "snapdockStateDb";

    final SnapdockConfig config;
    final Settings settings;
    final String instanceId = UUID.randomUUID().toString();
    final HandlerRegistry handlers;
    final DockerConnection docker;
    final StopJournal stopJournal;
    final ContainerControl containers;
    final StoreContexts contexts;
    final StoreControl control;
    final StoreDiscovery discovery;
    final RepositoryViews repositories;
    final RepositoryLock.Settings lockSettings;
    final RetentionSettings retention;
    final StateDb stateDb;
    final RunRegistry runs;
    final FailureLog failures;
    final RestoreJournal restoreJournal;
    final WebhookNotifier notifier;
    final SnapdockMetrics metrics = new SnapdockMetrics();
    final MaintenanceTargets maintenance;
    final RestorePlanner planner;
    final RestorePreview preview;
    final ReplicaService replicas;

    Services(SnapdockConfig config, Settings settings, HandlerRegistry handlers) {
        this.config = config;
        this.settings = settings;
        this.handlers = handlers;
        Secrets.register(config.get("snapdock.s3.secret-key"));
        Secrets.register(config.get("snapdock.replica.s3.secret-key"));
        docker = new DockerConnection(settings.docker().host());
        stopJournal = new StopJournal(settings.runs().stateDir());
        containers = new ContainerControl(docker::gateway, stopJournal, settings.docker().stopTimeoutSeconds(),
                settings.docker().startTimeout());
        contexts = new StoreContexts(handlers, docker, containers, settings.runs().storeTimeout(),
                settings.docker().startTimeout());
        control = new StoreControl(contexts, docker, containers);
        discovery = new StoreDiscovery(config, docker::gateway, handlers);
        repositories = new RepositoryViews(config, settings.repository(), settings.runs().stateDir());
        lockSettings = RepositoryLock.Settings.from(config);
        retention = RetentionSettings.from(config);
        stateDb = new StateDb(settings.runs().stateDir());
        runs = new RunRegistry(new RunHistory(stateDb));
        failures = new FailureLog(stateDb);
        restoreJournal = new RestoreJournal(stateDb);
        notifier = WebhookNotifier.from(config);
        maintenance = new MaintenanceTargets(MaintenanceSettings.from(config), docker);
        planner = new RestorePlanner(repositories, discovery, handlers);
        preview = new RestorePreview(planner, contexts, control, settings.runs().safetySnapshot());
        replicas = new ReplicaService(repositories, metrics);
    }

    /** The prune of the primary repository, with the retention rules and lock settings as configured. */
    Supplier<Prune> prune() {
        return () -> new Prune(repositories.primary(), retention, lockSettings,
                settings.repository().repackBelowPercent());
    }

    /**
     * Whether a Snapdock process that died left something for the recovery route: a container in
     * the stop journal, an entry in the restore journal. Unsure (a journal unreadable): yes.
     */
    public boolean leftToRecover() {
        try {
            return !stopJournal.entries().isEmpty() || !restoreJournal.entries().isEmpty();
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * Binds every service in the registry once (where Hawtio and a route can see it), and what
     * the routes name directly: the state database ({@code sql:}), the stores' executor.
     */
    void bind(BiConsumer<String, Object> bind) {
        bind.accept(STATE_DB, stateDb);
        bind.accept("snapdockSettings", settings);
        bind.accept("snapdockHandlers", handlers);
        bind.accept("snapdockDocker", docker);
        bind.accept("snapdockContainers", containers);
        bind.accept("snapdockStoreContexts", contexts);
        bind.accept("snapdockStoreControl", control);
        bind.accept("snapdockDiscovery", discovery);
        bind.accept("snapdockRepositories", repositories);
        bind.accept("snapdockRuns", runs);
        bind.accept("snapdockFailures", failures);
        bind.accept("snapdockRestoreJournal", restoreJournal);
        bind.accept("snapdockNotifier", notifier);
        bind.accept("snapdockMetrics", metrics);
        bind.accept("snapdockMaintenance", maintenance);
        bind.accept("snapdockRestorePlanner", planner);
        bind.accept("snapdockReplicas", replicas);
        // Stores of one run are backed up concurrently, at most snapdock.concurrency at a time.
        bind.accept("storeExecutor",
                java.util.concurrent.Executors.newFixedThreadPool(settings.runs().concurrency(), r -> {
                    Thread t = new Thread(r, "snapdock-store");
                    t.setDaemon(true);
                    return t;
                }));
    }

    public SnapdockMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        maintenance.close();
        repositories.close();
        docker.close();
    }
}
