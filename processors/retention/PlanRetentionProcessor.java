package io.snapdock.processors.retention;

import io.snapdock.model.PruneReport;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.retention.Prune;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Supplier;

/**
 * The retention rules applied to the repository as it is now: which snapshot folders they keep
 * and which they delete, and why. In a prune run the plan joins the run's report; in a dry run
 * (no run on the exchange) the body becomes the report, marked {@code dryRun}. Reads only.
 */
public class PlanRetentionProcessor implements Processor {

    private final Supplier<Prune> prune;

    public PlanRetentionProcessor(Supplier<Prune> prune) {
        this.prune = prune;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.contextOrNull(exchange);
        PruneReport report = new PruneReport();
        report.dryRun = ctx == null;
        report.plan = prune.get().plan();
        if (ctx == null) {
            report.plan.deleted().forEach(d -> report.deleted.add(d.name()));
            report.snapshotsDeleted = report.deleted.size();
            exchange.getMessage().setBody(report);
        } else {
            ctx.run().prune = report;
        }
    }
}
