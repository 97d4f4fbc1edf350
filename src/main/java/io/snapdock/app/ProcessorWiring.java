package io.snapdock.app;

import io.snapdock.processors.api.AcceptBackupRequestProcessor;
import io.snapdock.processors.api.AcceptCheckRequestProcessor;
import io.snapdock.processors.api.AcceptMaintenanceRequestProcessor;
import io.snapdock.processors.api.AcceptPruneRequestProcessor;
import io.snapdock.processors.api.AcceptReplicateRequestProcessor;
import io.snapdock.processors.api.AcceptRestoreRequestProcessor;
import io.snapdock.processors.api.AnswerQueuedProcessor;
import io.snapdock.processors.api.ApiErrorProcessor;
import io.snapdock.processors.api.DashboardAssetProcessor;
import io.snapdock.processors.api.DismissJournalEntryProcessor;
import io.snapdock.processors.api.FindRunsProcessor;
import io.snapdock.processors.api.QueueRunProcessor;
import io.snapdock.processors.api.ToJsonProcessor;
import io.snapdock.processors.backup.BeginBackupRunProcessor;
import io.snapdock.processors.backup.CheckRepositoryProcessor;
import io.snapdock.processors.backup.DiscardStagingProcessor;
import io.snapdock.processors.backup.DiscardUnfinishedSnapshotProcessor;
import io.snapdock.processors.backup.DiscoverStoresProcessor;
import io.snapdock.processors.backup.DumpStoreProcessor;
import io.snapdock.processors.backup.ProbeStoresProcessor;
import io.snapdock.processors.backup.RecordStoreEntryProcessor;
import io.snapdock.processors.backup.RecordStoreFailureProcessor;
import io.snapdock.processors.backup.ReserveSnapshotProcessor;
import io.snapdock.processors.backup.StartStoreProcessor;
import io.snapdock.processors.backup.StopStoreProcessor;
import io.snapdock.processors.backup.UploadStagedProcessor;
import io.snapdock.processors.backup.WriteManifestProcessor;
import io.snapdock.processors.catalog.ListRestoreJournalProcessor;
import io.snapdock.processors.catalog.ListSafetySnapshotsProcessor;
import io.snapdock.processors.catalog.ListSnapshotsProcessor;
import io.snapdock.processors.catalog.ShowSnapshotProcessor;
import io.snapdock.processors.maintenance.BeginMaintenanceRunProcessor;
import io.snapdock.processors.maintenance.BeginTargetProcessor;
import io.snapdock.processors.maintenance.CountRedeliveryProcessor;
import io.snapdock.processors.maintenance.EnsureIndexesProcessor;
import io.snapdock.processors.maintenance.PrepareRepackProcessor;
import io.snapdock.processors.maintenance.PruneRuleProcessor;
import io.snapdock.processors.maintenance.RecordDeadLetterProcessor;
import io.snapdock.processors.maintenance.RepackTableProcessor;
import io.snapdock.processors.maintenance.TuneAutovacuumProcessor;
import io.snapdock.processors.recovery.CheckJournalEntryProcessor;
import io.snapdock.processors.recovery.CloseAbandonedRunsProcessor;
import io.snapdock.processors.recovery.CloseInterruptedRestoreProcessor;
import io.snapdock.processors.recovery.FindInterruptedRestoresProcessor;
import io.snapdock.processors.recovery.ReleaseRunLockProcessor;
import io.snapdock.processors.recovery.ReplayStopJournalProcessor;
import io.snapdock.processors.recovery.ResumeInterruptedRestoreProcessor;
import io.snapdock.processors.recovery.TakeRunLockIfFreeProcessor;
import io.snapdock.processors.replica.ReplicateMissingProcessor;
import io.snapdock.processors.replica.ReplicateSnapshotProcessor;
import io.snapdock.processors.repository.CheckContentProcessor;
import io.snapdock.processors.repository.ChooseSourceProcessor;
import io.snapdock.processors.repository.LockRepositoryProcessor;
import io.snapdock.processors.repository.UnlockRepositoryProcessor;
import io.snapdock.processors.restore.AwaitStoreProcessor;
import io.snapdock.processors.restore.BeginRestoreRunProcessor;
import io.snapdock.processors.restore.BeginStoreRestoreProcessor;
import io.snapdock.processors.restore.CheckRestoredStoreProcessor;
import io.snapdock.processors.restore.ConfirmStoreRestoreProcessor;
import io.snapdock.processors.restore.FindEmptyStoresProcessor;
import io.snapdock.processors.restore.MarkRollbackPendingProcessor;
import io.snapdock.processors.restore.MarkRolledBackProcessor;
import io.snapdock.processors.restore.NoteRestoreFailureProcessor;
import io.snapdock.processors.restore.PreviewRestoreProcessor;
import io.snapdock.processors.restore.RefuseInvalidSnapshotProcessor;
import io.snapdock.processors.restore.RefuseRestoreProcessor;
import io.snapdock.processors.restore.ReleaseRestoreJournalProcessor;
import io.snapdock.processors.restore.RequireEveryStoreProcessor;
import io.snapdock.processors.restore.RestoreStoreProcessor;
import io.snapdock.processors.restore.UseSafetyCopyProcessor;
import io.snapdock.processors.restore.ValidateRestoreSourcesProcessor;
import io.snapdock.processors.restore.WriteSafetyOutcomeProcessor;
import io.snapdock.processors.retention.CollectGarbageProcessor;
import io.snapdock.processors.retention.DeleteSnapshotsProcessor;
import io.snapdock.processors.retention.PlanRetentionProcessor;
import io.snapdock.processors.run.BeginRunProcessor;
import io.snapdock.processors.run.EndRunProcessor;
import io.snapdock.processors.run.FinishRunProcessor;
import io.snapdock.processors.validate.BeginValidateRunProcessor;
import io.snapdock.processors.validate.ValidateSafetySnapshotProcessor;
import io.snapdock.processors.validate.ValidateSnapshotProcessor;
import org.apache.camel.Processor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every step the route files name, by the name they use, each built with the services it uses.
 * This is the only place that knows both the processors and the services: a processor is given
 * what it needs here and never looks anything up.
 */
final class ProcessorWiring {

    private ProcessorWiring() {
    }

    static Map<String, Processor> of(Services s) {
        Map<String, Processor> p = new LinkedHashMap<>();
        var runs = s.runs;
        var repos = s.repositories;
        // A run begins, ends (routes: backup, restore, validate, check, prune, replica, maintenance)
        p.put("beginBackupRun", new BeginBackupRunProcessor(runs));
        p.put("beginRestoreRun",
                new BeginRestoreRunProcessor(runs, s.planner, repos, s.settings.runs().safetySnapshot()));
        p.put("beginValidateRun", new BeginValidateRunProcessor(runs, repos));
        p.put("beginCheckRun", new BeginRunProcessor(runs, "check", "cli", false));
        p.put("beginPruneRun", new BeginRunProcessor(runs, "prune", "schedule", false));
        p.put("beginReplicateRun", new BeginRunProcessor(runs, "replicate", "cli", true));
        p.put("beginCleanupRun", new BeginMaintenanceRunProcessor(runs, s.maintenance, "cleanup"));
        p.put("beginRepackRun", new BeginMaintenanceRunProcessor(runs, s.maintenance, "repack"));
        p.put("finishRun", new FinishRunProcessor());
        p.put("endRun", new EndRunProcessor(runs, s.failures, s.notifier, s.metrics));
        // The repository
        p.put("lockRepository", new LockRepositoryProcessor(repos, s.lockSettings, false));
        p.put("lockRepositoryExclusive", new LockRepositoryProcessor(repos, s.lockSettings, true));
        p.put("unlockRepository", new UnlockRepositoryProcessor());
        p.put("checkRepository", new CheckRepositoryProcessor(repos));
        p.put("chooseSource", new ChooseSourceProcessor(repos));
        p.put("checkContent", new CheckContentProcessor(repos));
        // Backup and the copy of one store (also a restore's safety snapshot)
        p.put("discoverStores", new DiscoverStoresProcessor(s.discovery));
        p.put("probeStores", new ProbeStoresProcessor(s.contexts));
        p.put("reserveSnapshot", new ReserveSnapshotProcessor(repos));
        p.put("stopStore", new StopStoreProcessor(s.control));
        p.put("dumpStore", new DumpStoreProcessor(s.contexts, s.control, s.settings.runs().stateDir()));
        p.put("startStore", new StartStoreProcessor(s.control));
        p.put("uploadStaged", new UploadStagedProcessor());
        p.put("recordStoreEntry", new RecordStoreEntryProcessor());
        p.put("recordStoreFailure", new RecordStoreFailureProcessor(s.failures));
        p.put("discardStaging", new DiscardStagingProcessor());
        p.put("writeManifest", new WriteManifestProcessor());
        p.put("discardUnfinishedSnapshot", new DiscardUnfinishedSnapshotProcessor());
        // Validation
        p.put("validateSnapshot", new ValidateSnapshotProcessor(repos, s.contexts, s.discovery,
                s.settings.repository().verify()));
        p.put("validateSafetySnapshot", new ValidateSafetySnapshotProcessor(s.contexts));
        // Restore, its safety snapshot and rollback
        p.put("validateRestoreSources", new ValidateRestoreSourcesProcessor(repos, s.contexts));
        p.put("refuseInvalidSnapshot", new RefuseInvalidSnapshotProcessor());
        p.put("findEmptyStores", new FindEmptyStoresProcessor(s.contexts));
        p.put("requireEveryStore", new RequireEveryStoreProcessor());
        p.put("refuseRestore", new RefuseRestoreProcessor());
        p.put("beginStoreRestore", new BeginStoreRestoreProcessor(repos, s.restoreJournal, runs, s.instanceId));
        p.put("restoreStore", new RestoreStoreProcessor(s.contexts));
        p.put("awaitStore", new AwaitStoreProcessor(s.control));
        p.put("checkRestoredStore", new CheckRestoredStoreProcessor(s.contexts));
        p.put("confirmStoreRestore", new ConfirmStoreRestoreProcessor(s.restoreJournal));
        p.put("noteRestoreFailure", new NoteRestoreFailureProcessor());
        p.put("useSafetyCopy", new UseSafetyCopyProcessor(repos));
        p.put("markRolledBack", new MarkRolledBackProcessor(s.restoreJournal));
        p.put("markRollbackPending", new MarkRollbackPendingProcessor(s.restoreJournal, s.failures,
                s.settings.runs().rollbackRetry(), s.settings.runs().rollbackRetryMax()));
        p.put("releaseRestoreJournal", new ReleaseRestoreJournalProcessor());
        p.put("writeSafetyOutcome", new WriteSafetyOutcomeProcessor(repos));
        p.put("previewRestore", new PreviewRestoreProcessor(s.preview));
        // Recovery at start-up
        p.put("closeAbandonedRuns", new CloseAbandonedRunsProcessor(runs));
        p.put("replayStopJournal", new ReplayStopJournalProcessor(s.stopJournal, s.containers));
        p.put("findInterruptedRestores", new FindInterruptedRestoresProcessor(s.restoreJournal, false));
        p.put("findDueRollbacks", new FindInterruptedRestoresProcessor(s.restoreJournal, true));
        p.put("takeRunLockIfFree", new TakeRunLockIfFreeProcessor(runs));
        p.put("releaseRunLock", new ReleaseRunLockProcessor(runs));
        p.put("resumeInterruptedRestore", new ResumeInterruptedRestoreProcessor(runs, s.discovery));
        p.put("checkJournalEntry", new CheckJournalEntryProcessor(s.restoreJournal, repos, s.failures));
        p.put("closeInterruptedRestore", new CloseInterruptedRestoreProcessor(runs, repos, s.restoreJournal,
                s.notifier));
        // Retention and replication
        p.put("planRetention", new PlanRetentionProcessor(s.prune()));
        p.put("deleteSnapshots", new DeleteSnapshotsProcessor(s.prune()));
        p.put("collectGarbage", new CollectGarbageProcessor(s.prune()));
        p.put("replicateSnapshot", new ReplicateSnapshotProcessor(s.replicas));
        p.put("replicateMissing", new ReplicateMissingProcessor(s.replicas));
        // Reading the repository
        p.put("listSnapshots", new ListSnapshotsProcessor(repos));
        p.put("showSnapshot", new ShowSnapshotProcessor(repos));
        p.put("listSafetySnapshots", new ListSafetySnapshotsProcessor(repos));
        p.put("listRestoreJournal", new ListRestoreJournalProcessor(s.restoreJournal));
        // Maintenance and its dead-letter channel
        p.put("beginTarget", new BeginTargetProcessor());
        p.put("ensureIndexes", new EnsureIndexesProcessor(s.maintenance));
        p.put("tuneAutovacuum", new TuneAutovacuumProcessor(s.maintenance));
        p.put("pruneRule", new PruneRuleProcessor(s.maintenance));
        p.put("prepareRepack", new PrepareRepackProcessor(s.maintenance));
        p.put("repackTable", new RepackTableProcessor(s.maintenance));
        p.put("recordDeadLetter", new RecordDeadLetterProcessor(s.failures));
        p.put("countRedelivery", new CountRedeliveryProcessor());
        // The REST API and the dashboard
        p.put("acceptBackupRequest", new AcceptBackupRequestProcessor(s.discovery));
        p.put("acceptRestoreRequest", new AcceptRestoreRequestProcessor(s.planner));
        p.put("acceptCheckRequest", new AcceptCheckRequestProcessor(repos));
        p.put("acceptPruneRequest", new AcceptPruneRequestProcessor());
        p.put("acceptReplicateRequest", new AcceptReplicateRequestProcessor(repos));
        p.put("acceptMaintenanceRequest", new AcceptMaintenanceRequestProcessor(s.maintenance));
        p.put("queueRun", new QueueRunProcessor(runs));
        p.put("answerQueued", new AnswerQueuedProcessor());
        p.put("findRuns", new FindRunsProcessor(runs));
        p.put("apiError", new ApiErrorProcessor());
        p.put("toJson", new ToJsonProcessor());
        p.put("dismissJournalEntry", new DismissJournalEntryProcessor(s.restoreJournal));
        p.put("dashboardAsset", new DashboardAssetProcessor());
        return p;
    }
}
