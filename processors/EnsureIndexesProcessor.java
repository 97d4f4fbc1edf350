package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.maintenance.IndexMaker;
import io.snapdock.maintenance.IndexSpec;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Creates (concurrently, if missing) the indexes the target's pruning rules rely on. */
public class EnsureIndexesProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        MaintenanceTarget target = MaintenanceSupport.target(exchange);
        for (IndexSpec index : target.indexes()) {
            long t0 = System.nanoTime();
            Run.StoreResult r = run.item(target.name() + "/index:" + index.name(), "index", "running");
            exchange.setProperty(MaintenanceSupport.ITEM, r.name);
            r.detail = IndexMaker.ensure(sd.targetDataSource(target), index, sd.maintenance());
            r.status = "succeeded";
            r.durationMs = MaintenanceSupport.millisSince(t0);
        }
        exchange.setProperty(MaintenanceSupport.ITEM, target.name());
    }
}
