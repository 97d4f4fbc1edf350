package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.docker.ContainerControl;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.Run;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/**
 * Before any store is touched: a safety snapshot of the stores about to be replaced, taken the way
 * a backup takes them (each handler's backup; a stop-mode store's container stopped for its copy
 * and started again), into the same content store (what did not change costs nothing) under
 * {@code safety/<stamp>/}, manifest last, then validated like a backup (checksums + native check).
 * If it cannot be taken or is not valid, the restore is refused: nothing was changed.
 * {@code snapdock.restore.safety-snapshot=false} turns it off (a restore then relies on each
 * handler keeping the current data aside, and has no automatic rollback).
 */
public class TakeSafetySnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(TakeSafetySnapshotProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        if (!sd.safetySnapshots() || run.withoutSafetySnapshot) {
            LOG.warn("Restore {}: no safety snapshot ({}): no automatic rollback", run.id,
                    run.withoutSafetySnapshot ? "asked for without one" : "snapdock.restore.safety-snapshot=false");
            return;
        }
        // In the repository the restore reads (the replica when the primary is unreachable): the
        // rollback must be able to read it back whatever happened to the other one.
        Snapshots safety = sd.snapshots(run.source).safety();
        sd.snapshots(run.source).prepareForBackup();
        Instant now = Instant.now();
        String stamp = safety.allocate(now, Map.of("run", run.id, "startedAt", now.toString(), "restoring",
                String.valueOf(run.stamp), "stores", run.targets.stream().map(StoreSpec::name).toList()));
        run.safety = stamp;
        Manifest m = new Manifest();
        m.stamp = stamp;
        m.snapdockVersion = Snapdock.version();
        m.trigger = "restore";
        m.startedAt = now.toString();
        try {
            for (StoreSpec spec : run.targets) {
                m.stores.add(copy(sd, run, safety, stamp, spec));
            }
            m.finishedAt = Instant.now().toString();
            safety.writeManifest(m);
            ValidationReport report = new SnapshotValidator(safety, sd.handlers()).validate(m, null,
                    name -> sd.context(run.targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(), null));
            safety.writeValidation(report);
            if (!report.valid) {
                throw SnapdockException.failed("safety snapshot " + stamp + " is invalid ("
                        + String.join(", ", report.codes()) + ")");
            }
            LOG.info("Restore {}: safety snapshot {} of {} taken and valid ({} bytes)", run.id, stamp,
                    m.stores.stream().map(s -> s.name).toList(), m.totalSize());
        } catch (Exception e) {
            refuse(sd, run, safety, stamp, e);
        }
    }

    /** The store's current content into the safety snapshot, as a backup would copy it. */
    private static Manifest.StoreEntry copy(Snapdock sd, Run run, Snapshots safety, String stamp, StoreSpec spec)
            throws Exception {
        StoreHandler handler = sd.handlers().forMethod(spec.type(), spec.mode());
        boolean stop = "stop".equals(spec.mode());
        StoreSpec target = stop ? DumpStoreProcessor.withDataPath(spec, sd.handlers().get(spec.type())) : spec;
        Manifest.StoreEntry entry = DumpStoreProcessor.newEntry(spec);
        Instant start = Instant.now();
        entry.startedAt = start.toString();
        ContainerControl.Stopped stopped = null;
        if (stop) {   // as stopStore does in a backup: the folder copy and dumpsWhileStopped handlers need it stopped
            stopped = sd.containers().stop(StopStoreProcessor.containersToStop(sd, spec), spec.name(), run.id);
        }
        try {
            handler.backup(sd.context(target, entry), a -> safety.openArtifact(stamp, spec.name(), a));
        } finally {
            if (stopped != null) {
                entry.downtimeMs = sd.containers().start(stopped, sd.startTimeout(), StartStoreProcessor.probe(sd, spec));   // ALWAYS
            }
        }
        entry.finishedAt = Instant.now().toString();
        entry.durationMs = Instant.now().toEpochMilli() - start.toEpochMilli();
        return entry;
    }

    /** The restore stops here: an unfinished safety snapshot is removed, a finished but invalid one marked done. */
    private static void refuse(Snapdock sd, Run run, Snapshots safety, String stamp, Exception cause) {
        try {
            safety.discard(stamp);   // keeps it when its manifest was written (an invalid one: kept to look at)
            if (safety.manifestBytes(stamp) != null) {
                new SafetySnapshots(safety).writeOutcome(stamp, new SafetySnapshots.Outcome(SafetySnapshots.ROLLED_BACK,
                        run.id, run.stamp, Instant.now().toString()));
            }
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
        run.safety = null;
        throw SnapdockException.failed("the safety snapshot of " + run.targets.stream().map(StoreSpec::name).toList()
                + " could not be taken (" + RunSupport.describe(cause) + "): the restore is refused, nothing was changed"
                + " (a store whose current data is lost can be restored without one: --no-safety-snapshot,"
                + " \"safetySnapshot\": false)");
    }
}
