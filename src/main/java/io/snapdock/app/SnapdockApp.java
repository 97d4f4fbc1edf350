package io.snapdock.app;

import io.snapdock.config.SnapdockConfig;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.processors.ApiErrorProcessor;
import io.snapdock.processors.BeginBackupRunProcessor;
import io.snapdock.processors.BeginRestoreRunProcessor;
import io.snapdock.processors.BeginValidateRunProcessor;
import io.snapdock.processors.DiscoverStoresProcessor;
import io.snapdock.processors.DumpStoreProcessor;
import io.snapdock.processors.EndRunProcessor;
import io.snapdock.processors.FindRunsProcessor;
import io.snapdock.processors.FinishRunProcessor;
import io.snapdock.processors.ListSnapshotsProcessor;
import io.snapdock.processors.RecordStoreFailureProcessor;
import io.snapdock.processors.RefuseInvalidSnapshotProcessor;
import io.snapdock.processors.ReserveSnapshotProcessor;
import io.snapdock.processors.RestoreStoreProcessor;
import io.snapdock.processors.ShowSnapshotProcessor;
import io.snapdock.processors.StartRunProcessor;
import io.snapdock.processors.ToJsonProcessor;
import io.snapdock.processors.ValidateSnapshotProcessor;
import io.snapdock.processors.WriteManifestProcessor;
import org.apache.camel.main.Main;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the Camel application: the routes from {@code routes/}, the processors they name, and
 * the {@link Snapdock} services. {@code serve} loads everything; a CLI command leaves out the
 * schedules and the HTTP API and just sends one request through the routes.
 */
public final class SnapdockApp {

    /** The route files, {@code routes/<name>.camel.yaml}: the whole flow. */
    static final List<String> ROUTES = List.of("backup", "restore", "validate", "check", "catalog", "recovery",
            "maintenance", "dead-letter", "errors", "schedules", "rest-api", "dashboard", "replica", "retention", "s3");
    /** Loaded by {@code serve} only: a CLI command runs no schedule and serves no HTTP. */
    static final List<String> SERVE_ONLY_ROUTES = List.of("schedules", "rest-api", "dashboard");

    /** The name each route file uses for a processor. */
    static final Map<String, Class<?>> PROCESSORS = Map.ofEntries(
            Map.entry("beginBackupRun", BeginBackupRunProcessor.class),
            Map.entry("discoverStores", DiscoverStoresProcessor.class),
            Map.entry("checkRepository", io.snapdock.processors.CheckRepositoryProcessor.class),
            Map.entry("probeStores", io.snapdock.processors.ProbeStoresProcessor.class),
            Map.entry("reserveSnapshot", ReserveSnapshotProcessor.class),
            Map.entry("discardUnfinishedSnapshot", io.snapdock.processors.DiscardUnfinishedSnapshotProcessor.class),
            Map.entry("stopStore", io.snapdock.processors.StopStoreProcessor.class),
            Map.entry("dumpStore", DumpStoreProcessor.class),
            Map.entry("startStore", io.snapdock.processors.StartStoreProcessor.class),
            Map.entry("uploadStaged", io.snapdock.processors.UploadStagedProcessor.class),
            Map.entry("recordStoreEntry", io.snapdock.processors.RecordStoreEntryProcessor.class),
            Map.entry("discardStaging", io.snapdock.processors.DiscardStagingProcessor.class),
            Map.entry("replayStopJournal", io.snapdock.processors.ReplayStopJournalProcessor.class),
            Map.entry("closeAbandonedRuns", io.snapdock.processors.CloseAbandonedRunsProcessor.class),
            Map.entry("recordStoreFailure", RecordStoreFailureProcessor.class),
            Map.entry("writeManifest", WriteManifestProcessor.class),
            Map.entry("validateSnapshot", ValidateSnapshotProcessor.class),
            Map.entry("finishRun", FinishRunProcessor.class),
            Map.entry("endRun", EndRunProcessor.class),
            Map.entry("beginRestoreRun", BeginRestoreRunProcessor.class),
            Map.entry("refuseInvalidSnapshot", RefuseInvalidSnapshotProcessor.class),
            Map.entry("restoreStore", RestoreStoreProcessor.class),
            Map.entry("validateRestoreSources", io.snapdock.processors.ValidateRestoreSourcesProcessor.class),
            Map.entry("takeSafetySnapshot", io.snapdock.processors.TakeSafetySnapshotProcessor.class),
            Map.entry("writeSafetyOutcome", io.snapdock.processors.WriteSafetyOutcomeProcessor.class),
            Map.entry("previewRestore", io.snapdock.processors.PreviewRestoreProcessor.class),
            Map.entry("parseRestoreRequest", io.snapdock.processors.ParseRestoreRequestProcessor.class),
            Map.entry("listSafetySnapshots", io.snapdock.processors.ListSafetySnapshotsProcessor.class),
            Map.entry("rollBackInterruptedRestores", io.snapdock.processors.RollBackInterruptedRestoresProcessor.class),
            Map.entry("beginValidateRun", BeginValidateRunProcessor.class),
            Map.entry("beginCheckRun", io.snapdock.processors.BeginCheckRunProcessor.class),
            Map.entry("checkContent", io.snapdock.processors.CheckContentProcessor.class),
            Map.entry("listSnapshots", ListSnapshotsProcessor.class),
            Map.entry("showSnapshot", ShowSnapshotProcessor.class),
            Map.entry("startRun", StartRunProcessor.class),
            Map.entry("apiError", ApiErrorProcessor.class),
            Map.entry("toJson", ToJsonProcessor.class),
            Map.entry("findRuns", FindRunsProcessor.class),
            Map.entry("beginMaintenanceRun", io.snapdock.processors.BeginMaintenanceRunProcessor.class),
            Map.entry("beginTarget", io.snapdock.processors.BeginTargetProcessor.class),
            Map.entry("ensureIndexes", io.snapdock.processors.EnsureIndexesProcessor.class),
            Map.entry("tuneAutovacuum", io.snapdock.processors.TuneAutovacuumProcessor.class),
            Map.entry("pruneRule", io.snapdock.processors.PruneRuleProcessor.class),
            Map.entry("prepareRepack", io.snapdock.processors.PrepareRepackProcessor.class),
            Map.entry("repackTable", io.snapdock.processors.RepackTableProcessor.class),
            Map.entry("finishMaintenanceRun", io.snapdock.processors.FinishMaintenanceRunProcessor.class),
            Map.entry("recordDeadLetter", io.snapdock.processors.RecordDeadLetterProcessor.class),
            Map.entry("countRedelivery", io.snapdock.processors.CountRedeliveryProcessor.class),
            Map.entry("dashboardAsset", io.snapdock.processors.DashboardAssetProcessor.class),
            Map.entry("replicateSnapshot", io.snapdock.processors.ReplicateSnapshotProcessor.class),
            Map.entry("beginReplicateRun", io.snapdock.processors.BeginReplicateRunProcessor.class),
            Map.entry("replicateMissing", io.snapdock.processors.ReplicateMissingProcessor.class),
            Map.entry("lockRepository", io.snapdock.processors.LockRepositoryProcessor.class),
            Map.entry("unlockRepository", io.snapdock.processors.UnlockRepositoryProcessor.class),
            Map.entry("beginPruneRun", io.snapdock.processors.BeginPruneRunProcessor.class),
            Map.entry("pruneRepository", io.snapdock.processors.PruneRepositoryProcessor.class),
            Map.entry("planRetention", io.snapdock.processors.PlanRetentionProcessor.class),
            Map.entry("readPruneRequest", io.snapdock.processors.ReadPruneRequestProcessor.class));

    private SnapdockApp() {
    }

    public static Main create(SnapdockConfig config, boolean serve) {
        Main main = new Main();
        Snapdock sd = bindServices(main::bind, config);
        // Camel sees only what the routes and Camel itself use: never a credential.
        Properties props = new Properties();
        config.resolved().forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith("camel.") || key.startsWith("snapdock.http.") || isRouteSetting(key)) {
                props.put(key, v);
            }
        });
        // Named one by one: a wildcard makes Camel scan every entry of the packaged jar (seconds per command).
        props.setProperty("camel.main.routes-include-pattern", String.join(",", ROUTES.stream()
                .filter(r -> serve || !SERVE_ONLY_ROUTES.contains(r)).map(r -> "classpath:routes/" + r + ".camel.yaml").toList()));
        if (serve) {
            props.setProperty("camel.server.enabled", "true");
            props.setProperty("camel.management.enabled", "true");
        } else {
            props.setProperty("camel.server.enabled", "false");
            props.setProperty("camel.management.enabled", "false");
            props.setProperty("camel.metrics.enabled", "false");
        }
        main.setOverrideProperties(props);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStop(org.apache.camel.main.BaseMainSupport m) {
                sd.close();
            }

            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                sd.writeThrough(m.getCamelContext());
                if (serve) {
                    io.snapdock.health.SnapdockHealthChecks.register(m.getCamelContext(), sd);
                    // Every request to the HTTP server is checked before any route (tokens, roles).
                    io.snapdock.auth.HttpGuard.install(m.getCamelContext(), io.snapdock.auth.Tokens.from(config));
                }
            }

            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                // camel-micrometer-prometheus creates the registry that /observe/metrics serves.
                var registry = m.getCamelContext().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
                if (registry != null) {
                    sd.metrics().bindTo(registry);
                }
            }
        });
        return main;
    }

    /**
     * Binds what the routes refer to by name: the services ({@code snapdock}), the executor of a
     * run's stores and every processor. Used by {@code serve} and the CLI, and by {@link JBangSetup}
     * under {@code camel run}.
     */
    /** Settings the route files read as placeholders (schedules, retries): never a credential. */
    public static boolean isRouteSetting(String key) {
        return key.startsWith("snapdock.schedule.") || key.startsWith("snapdock.retry.");
    }

    public static Snapdock bindServices(java.util.function.BiConsumer<String, Object> bind, SnapdockConfig config) {
        Snapdock sd = new Snapdock(config, HandlerRegistry.defaults());
        bind.accept(Snapdock.BEAN, sd);
        // The state database (run history, dead letters) for the routes' sql: endpoints.
        bind.accept("snapdockStateDb", sd.stateDb());
        // Stores of one run are backed up concurrently, at most snapdock.concurrency at a time.
        int concurrency = config.getInt("snapdock.concurrency", 2, 1, 64);
        bind.accept("storeExecutor", java.util.concurrent.Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "snapdock-store");
            t.setDaemon(true);
            return t;
        }));
        PROCESSORS.forEach((name, type) -> {
            try {
                bind.accept(name, type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create processor " + name, e);
            }
        });
        return sd;
    }
}
