package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Finds the stores of this run: labelled containers and declared stores, narrowed to the
 * requested names. An unknown name fails here, before anything is written.
 */
public class DiscoverStoresProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        run.targets = sd.discovery().select(run.requestedStores);
        if (run.targets.isEmpty()) {
            throw SnapdockException.badInput("no stores to back up: label a container with snapdock.type or declare"
                    + " snapdock.stores.NAME.type");
        }
        for (StoreSpec s : run.targets) {
            run.stores.add(new Run.StoreResult(s.name(), s.type(), "pending"));
        }
    }
}
