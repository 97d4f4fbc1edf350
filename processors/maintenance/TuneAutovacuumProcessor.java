package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.AutovacuumTuner;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;
import java.util.Map;

/** Applies the target's per-table autovacuum settings; a table that does not exist is skipped. */
public class TuneAutovacuumProcessor implements Processor {

    private final MaintenanceTargets targets;

    public TuneAutovacuumProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        MaintenanceTarget target = RunExchange.target(exchange);
        for (Map.Entry<String, List<String>> e : target.autovacuum().entrySet()) {
            Run.Item r = run.item(target.name() + "/autovacuum:" + e.getKey(), "autovacuum", ItemStatus.running);
            exchange.setProperty(RunExchange.ITEM, r.name);
            boolean done = AutovacuumTuner.apply(targets.dataSource(target), e.getKey(), e.getValue(),
                    targets.settings());
            r.status = done ? ItemStatus.succeeded : ItemStatus.skipped;
            r.detail = done ? String.join(", ", e.getValue()) : "table " + e.getKey() + " does not exist";
        }
        exchange.setProperty(RunExchange.ITEM, target.name());
    }
}
