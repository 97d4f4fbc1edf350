package io.snapdock.processors.backup;

import io.snapdock.config.Secrets;
import io.snapdock.history.FailureLog;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that one store failed (the body is its spec), so the other stores of the run go on
 * and the run ends as failed with the reason named. A store that failed while a backup copied
 * it is also listed in the snapshot's manifest; one that failed while a restore's safety
 * snapshot copied it is listed there only (the safety route then refuses the restore). A store
 * whose restore failed after it was found empty (no safety copy was needed) is failed with that
 * reason: nothing to roll back to, nothing was lost.
 */
public class RecordStoreFailureProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStoreFailureProcessor.class);

    private final FailureLog failures;

    public RecordStoreFailureProcessor(FailureLog failures) {
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        Throwable t = RunExchange.caught(exchange);
        String error = Secrets.describe(t);
        if (spec != null && "restore".equals(run.kind) && ctx.wasEmpty(spec.name())) {
            error += "; store " + spec.name() + " was empty before the restore (no safety copy was needed):"
                    + " nothing to roll back to, nothing was lost";
        }
        String name = spec != null ? spec.name() : "?";
        String type = spec != null ? spec.type() : null;
        SnapshotDraft draft = ctx.draft();
        boolean safetyCopy = draft != null && !draft.isBackup() && !draft.written();
        if (draft != null && !draft.written()) {
            synchronized (draft.manifest()) {
                draft.manifest().failures.add(new Manifest.StoreFailure(name, type, error));
            }
        }
        if (safetyCopy) {
            LOG.error("Safety copy of store {} failed: {}", name, error);
            return;
        }
        run.item(name, type, ItemStatus.failed).fail(error);
        LOG.error("{} of store {} failed: {}", run.kind, name, error);
        failures.record(run.id, run.kind, exchange.getFromRouteId(), name, RunExchange.errorClass(t), error);
    }
}
