package io.snapdock.processors.backup;

import io.snapdock.SnapdockException;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Finds the stores of this run: labelled containers and declared stores, narrowed to the
 * requested names. An unknown name fails here, before anything is written.
 */
public class DiscoverStoresProcessor implements Processor {

    private final StoreDiscovery discovery;

    public DiscoverStoresProcessor(StoreDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        ctx.setTargets(discovery.select(ctx.run().requestedStores));
        if (ctx.getTargets().isEmpty()) {
            throw SnapdockException.badInput("no stores to back up: label a container with snapdock.type or declare"
                    + " snapdock.stores.NAME.type");
        }
        for (StoreSpec s : ctx.getTargets()) {
            ctx.run().item(s.name(), s.type(), ItemStatus.pending);
        }
    }
}
