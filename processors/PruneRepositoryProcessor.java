package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.retention.Prune;
import io.snapdock.retention.PruneReport;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the retention rules and collects the garbage, under the repository's exclusive lock; the report joins the run. */
public class PruneRepositoryProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PruneRepositoryProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        PruneReport report = Prune.from(sd.snapshots(), sd.config()).run();
        run.prune = report;
        run.bytes = report.gc == null ? 0L : report.gc.bytesFreed;
        LOG.info("Prune: {} snapshot(s) deleted, {} pack(s) deleted, {} repacked, {} bytes freed", report.snapshotsDeleted,
                report.gc == null ? 0 : report.gc.packsDeleted, report.gc == null ? 0 : report.gc.packsRepacked, run.bytes);
    }
}
