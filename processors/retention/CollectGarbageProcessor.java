package io.snapdock.processors.retention;

import io.snapdock.model.PruneReport;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.retention.Prune;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Collects the packs no snapshot needs any more and repacks mostly unused ones (see
 * docs/repository.md); in a dry run (the body is the plan's report) only says what it would free.
 */
public class CollectGarbageProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CollectGarbageProcessor.class);

    private final Supplier<Prune> prune;

    public CollectGarbageProcessor(Supplier<Prune> prune) {
        this.prune = prune;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.contextOrNull(exchange);
        if (ctx == null) {
            PruneReport plan = exchange.getMessage().getMandatoryBody(PruneReport.class);
            plan.gc = prune.get().collectGarbage(true);
            return;
        }
        Run run = ctx.run();
        PruneReport report = run.prune;
        report.gc = prune.get().collectGarbage(false);
        run.bytes = report.gc == null ? 0L : report.gc.bytesFreed;
        LOG.info("Prune: {} snapshot(s) deleted, {} pack(s) deleted, {} repacked, {} bytes freed",
                report.snapshotsDeleted,
                report.gc == null ? 0 : report.gc.packsDeleted, report.gc == null ? 0 : report.gc.packsRepacked,
                run.bytes);
    }
}
