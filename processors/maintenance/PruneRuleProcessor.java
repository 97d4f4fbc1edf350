package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.maintenance.PruneRule;
import io.snapdock.maintenance.Pruner;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes one rule's rows (the split's body) in bounded batches. Rows are counted as each batch
 * commits, so a redelivery after a transient error adds to the count instead of losing it.
 */
public class PruneRuleProcessor implements Processor {

    private final MaintenanceTargets targets;

    public PruneRuleProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PruneRuleProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        MaintenanceTarget target = RunExchange.target(exchange);
        PruneRule rule = exchange.getMessage().getBody(PruneRule.class);
        exchange.setProperty(RunExchange.ITEM, rule.item());
        Run.Item r = run.item(rule.item(), "rule", ItemStatus.running);
        if (r.rows == null) {
            r.rows = 0L;
        }
        long t0 = System.nanoTime();
        Pruner.Outcome o = Pruner.prune(targets.dataSource(target), rule, targets.settings(), n -> {
            synchronized (r) {
                r.rows += n;
            }
        });
        r.status = ItemStatus.succeeded;
        r.durationMs = (r.durationMs == null ? 0 : r.durationMs) + RunExchange.millisSince(t0);
        r.detail = rule.table() + ": older than " + rule.retentionDays() + " days, " + o.batches() + " batch(es)"
                + (o.moreLeft() ? ", stopped at snapdock.maintenance.max-batches: more rows left for the next run"
                        : "");
        LOG.info("cleanup {}: {} rows deleted in {} ms", rule.item(), r.rows, r.durationMs);
    }
}
