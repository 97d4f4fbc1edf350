package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * At start-up, after the stopped containers were started again: an open restore journal entry
 * belongs to a restore that never finished (its process was killed, or its rollback failed).
 * Unless that restore is still running (its process alive on this host, or, in this JVM, the
 * restore still working on it), the store is rolled back from the entry's safety snapshot and checked; the run
 * in the history gets the store's result, the safety snapshot its outcome.json, and the entry is
 * cleared. A rollback that fails again keeps the entry for the next start. The body becomes the
 * stores rolled back.
 */
public class RollBackInterruptedRestoresProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RollBackInterruptedRestoresProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        List<String> rolledBack = new ArrayList<>();
        List<RestoreJournal.Entry> entries;
        try {
            entries = sd.restoreJournal().entries();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the restore journal: {}", e.getMessage());
            return;
        }
        for (RestoreJournal.Entry e : entries) {
            if (stillRunning(e)) {
                continue;
            }
            LOG.warn("Restore of {} (run {}, from {}) was left unfinished: rolling it back from safety snapshot {}",
                    e.store(), e.run(), e.stamp(), e.safety());
            if (rollBack(sd, e)) {
                rolledBack.add(e.store());
            }
        }
        exchange.getMessage().setBody(rolledBack);
    }

    /** The restore's process is alive (this host) or, in this JVM, still works on the store: leave it alone. */
    static boolean stillRunning(RestoreJournal.Entry e) {
        if (e.pid() == ProcessHandle.current().pid()) {
            return RestoreJournal.active(e.run(), e.store());
        }
        boolean sameHost = e.host() != null && e.host().equals(io.snapdock.run.StopJournal.HOST);
        if (!sameHost) {
            return true;   // another machine's process: never rolled back from here
        }
        return ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean rollBack(Snapdock sd, RestoreJournal.Entry e) {
        Run run = sd.runs().get(e.run());
        if (run == null) {
            run = new Run("restore", "recovery");
            run.id = e.run();
            run.status = Run.Status.failed;
        }
        run.safety = e.safety();
        run.source = e.source();   // the repository holding the safety snapshot
        Run.StoreResult result = run.item(e.store(), null, "running");
        result.source = e.stamp();
        if (result.error == null) {
            result.error = "interrupted: the Snapdock process restoring it ended before the restore finished";
        }
        Map<String, StoreSpec> stores;
        try {
            stores = sd.discovery().all();
        } catch (RuntimeException ex) {
            LOG.error("Cannot roll {} back now (stores not found: {}); the next start tries again", e.store(), ex.getMessage());
            return false;
        }
        StoreSpec spec = stores.get(e.store());
        if (spec == null) {
            result.status = SafetySnapshots.ROLLBACK_FAILED;
            result.rollback = "store " + e.store() + " is not running or not known here; the next start tries again";
        } else {
            RestoreStoreProcessor.rollBack(sd, run, spec, result);
        }
        run.status = Run.Status.failed;
        run.error = (run.error != null && !run.error.contains(e.store() + ": ") ? run.error + "; " : "")
                + e.store() + ": " + result.error + " (" + result.status + " at start-up: " + result.rollback + ")";
        if (run.finishedAt == null) {
            run.finishedAt = Instant.now().toString();
        }
        sd.runs().ended(run);
        boolean done = !SafetySnapshots.ROLLBACK_FAILED.equals(result.status);
        try {
            new SafetySnapshots(sd.snapshots(e.source())).writeOutcome(e.safety(), new SafetySnapshots.Outcome(
                    done ? SafetySnapshots.ROLLED_BACK : SafetySnapshots.ROLLBACK_FAILED, e.run(), e.stamp(),
                    Instant.now().toString()));
        } catch (Exception ex) {
            LOG.error("Could not write the outcome of safety snapshot {}: {}", e.safety(), RunSupport.describe(ex));
        }
        if (done) {
            LOG.warn("Rolled {} back to safety snapshot {} after the interrupted restore of run {}", e.store(), e.safety(), e.run());
        }
        return done;
    }
}
