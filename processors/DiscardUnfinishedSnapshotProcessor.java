package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a backup run ends without writing its manifest, removes what it wrote under its stamp:
 * without a manifest those files can never be restored. (If Snapdock itself dies mid-run the
 * leftovers stay, listed as incomplete, and are never offered for restore.)
 */
public class DiscardUnfinishedSnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DiscardUnfinishedSnapshotProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run == null || run.stamp == null || run.manifest == null || run.manifest.finishedAt != null) {
            return;
        }
        try {
            Snapshots snapshots = Snapdock.from(exchange).snapshots();
            snapshots.discard(run.stamp);
            LOG.warn("Discarded unfinished snapshot {}", run.stamp);
        } catch (Exception e) {
            LOG.warn("Could not discard unfinished snapshot {}: {}", run.stamp, RunSupport.describe(e));
        }
    }
}
