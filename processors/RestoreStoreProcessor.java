package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Restores one store (the body: the store as it runs now) from its snapshot, then checks it (the
 * handler's post-restore check: it answers and holds what the manifest lists). With a safety
 * snapshot (the default), a journal entry is written before the store is touched, and ANY
 * failure after that — the restore throws, the container does not come back, the check fails —
 * is followed by a rollback: the handler's restore from the safety snapshot, checked the same
 * way. The store's result is then {@code rolled-back} (or {@code rollback-failed}, the journal
 * entry kept so the next start tries again); the run fails either way.
 */
public class RestoreStoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreStoreProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        Manifest source = run.sources.get(spec.name());   // every target has its source (the plan)
        Manifest.StoreEntry entry = source.store(spec.name());
        Run.StoreResult result = run.result(spec.name());
        result.status = "running";
        Instant start = Instant.now();
        if (run.safety != null) {
            sd.restoreJournal().open(new RestoreJournal.Entry(run.id, spec.name(), source.stamp, run.safety, run.source, run.pid,
                    run.host, sd.instanceId(), start.toString()));
            sd.runs().ended(run);   // the history shows the store running: what a crash leaves behind
        }
        LOG.info("Restoring {} from snapshot {}{}{}", spec.name(), source.stamp,
                io.snapdock.run.Sources.REPLICA.equals(run.source) ? " (read from the replica)" : "",
                run.safety != null ? " (safety snapshot " + run.safety + ")" : "");
        try {
            restoreAndCheck(sd, spec, entry, sd.snapshots(run.source), source.stamp);
        } catch (Exception failure) {
            if (run.safety == null) {
                throw failure;
            }
            result.error = RunSupport.describe(failure);
            LOG.error("Restoring {} from {} failed ({}): rolling it back from safety snapshot {}", spec.name(),
                    source.stamp, result.error, run.safety);
            rollBack(sd, run, spec, result);
            result.durationMs = Instant.now().toEpochMilli() - start.toEpochMilli();
            return;
        } finally {
            RestoreJournal.release(run.id, spec.name());
        }
        if (run.safety != null) {
            sd.restoreJournal().clear(run.id, spec.name());
        }
        result.status = "succeeded";
        result.durationMs = Instant.now().toEpochMilli() - start.toEpochMilli();
        LOG.info("Restored {} from snapshot {} in {} ms, checked", spec.name(), source.stamp, result.durationMs);
    }

    /** The handler's restore of {@code entry} from {@code from}, then its post-restore check. */
    static void restoreAndCheck(Snapdock sd, StoreSpec spec, Manifest.StoreEntry entry,
                                io.snapdock.repo.snapshot.Snapshots from, String stamp) throws Exception {
        sd.handlers().forMethod(entry.type, entry.method).restore(sd.context(spec, entry), entry,
                artifact -> from.readArtifact(stamp, spec.name(), artifact));
        StoreHandler typed = sd.handlers().get(spec.type());
        awaitAnswer(sd, spec, typed);
        typed.postCheck(sd.context(spec, null), entry);
    }

    /**
     * A store whose container was just started (a stop-mode restore) may still be starting up:
     * its probe is retried until it answers, for at most snapdock.start.timeout-seconds. Only then
     * does the post-restore check run, once: what it finds missing is missing.
     */
    static void awaitAnswer(Snapdock sd, StoreSpec spec, StoreHandler typed) throws Exception {
        long deadline = System.nanoTime() + sd.startTimeout().toNanos();
        while (true) {
            try {
                typed.probe(sd.context(spec, null));
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("{} does not answer yet after its restore ({}), trying again", spec.name(), RunSupport.describe(e));
                Thread.sleep(500);
            }
        }
    }

    /**
     * Puts the safety snapshot's copy of the store back and checks it. Success clears the journal
     * entry; a failure keeps it (the next start of Snapdock tries again).
     */
    static void rollBack(Snapdock sd, Run run, StoreSpec spec, Run.StoreResult result) {
        io.snapdock.repo.snapshot.Snapshots safety = sd.snapshots(run.source).safety();
        try {
            Manifest.StoreEntry previous = safety.manifest(run.safety).store(spec.name());
            restoreAndCheck(sd, spec, previous, safety, run.safety);
            sd.restoreJournal().clear(run.id, spec.name());
            result.status = "rolled-back";
            result.rollback = "restored from safety snapshot " + run.safety + " and checked";
            LOG.warn("Rolled {} back to safety snapshot {}", spec.name(), run.safety);
        } catch (Exception e) {
            result.status = "rollback-failed";
            result.rollback = "rolling back from safety snapshot " + run.safety + " failed: " + RunSupport.describe(e)
                    + "; the next start of Snapdock tries again";
            LOG.error("Rolling {} back to safety snapshot {} FAILED: {}", spec.name(), run.safety, result.rollback);
        }
    }
}
