package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.IndexMaker;
import io.snapdock.maintenance.IndexSpec;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Creates (concurrently, if missing) the indexes the target's pruning rules rely on. */
public class EnsureIndexesProcessor implements Processor {

    private final MaintenanceTargets targets;

    public EnsureIndexesProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        MaintenanceTarget target = RunExchange.target(exchange);
        for (IndexSpec index : target.indexes()) {
            long t0 = System.nanoTime();
            Run.Item r = run.item(target.name() + "/index:" + index.name(), "index", ItemStatus.running);
            exchange.setProperty(RunExchange.ITEM, r.name);
            r.detail = IndexMaker.ensure(targets.dataSource(target), index, targets.settings());
            r.status = ItemStatus.succeeded;
            r.durationMs = RunExchange.millisSince(t0);
        }
        exchange.setProperty(RunExchange.ITEM, target.name());
    }
}
