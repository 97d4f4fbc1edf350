package io.snapdock.processors.backup;

import io.snapdock.config.Secrets;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a run ends without writing the manifest of the snapshot it reserved, removes what it wrote
 * under that stamp: without a manifest those files can never be restored. (If Snapdock itself
 * dies mid-run the leftovers stay, listed as incomplete, and are never offered for restore.)
 */
public class DiscardUnfinishedSnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DiscardUnfinishedSnapshotProcessor.class);

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.contextOrNull(exchange);
        SnapshotDraft draft = ctx == null ? null : ctx.draft();
        if (draft == null || draft.written()) {
            return;
        }
        try {
            draft.view().discard(draft.stamp());
            LOG.warn("Discarded unfinished {} {}", draft.isBackup() ? "snapshot" : "safety snapshot", draft.stamp());
        } catch (Exception e) {
            LOG.warn("Could not discard unfinished snapshot {}: {}", draft.stamp(), Secrets.describe(e));
        }
    }
}
