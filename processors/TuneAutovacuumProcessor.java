package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.maintenance.AutovacuumTuner;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;
import java.util.Map;

/** Applies the target's per-table autovacuum settings; a table that does not exist is skipped. */
public class TuneAutovacuumProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        MaintenanceTarget target = MaintenanceSupport.target(exchange);
        for (Map.Entry<String, List<String>> e : target.autovacuum().entrySet()) {
            Run.StoreResult r = run.item(target.name() + "/autovacuum:" + e.getKey(), "autovacuum", "running");
            exchange.setProperty(MaintenanceSupport.ITEM, r.name);
            boolean done = AutovacuumTuner.apply(sd.targetDataSource(target), e.getKey(), e.getValue(), sd.maintenance());
            r.status = done ? "succeeded" : "skipped";
            r.detail = done ? String.join(", ", e.getValue()) : "table " + e.getKey() + " does not exist";
        }
        exchange.setProperty(MaintenanceSupport.ITEM, target.name());
    }
}
