package io.snapdock.processors.backup;

import io.snapdock.docker.ContainerControl;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.stores.StoreControl;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs in doFinally, whatever happened: starts every container stopStore stopped, waits for its
 * health check (and the store's probe when it has an online method), and records the downtime.
 * A container that does not come back fails the store.
 */
public class StartStoreProcessor implements Processor {

    private final StoreControl control;

    public StartStoreProcessor(StoreControl control) {
        this.control = control;
    }

    @Override
    public void process(Exchange exchange) {
        ContainerControl.Stopped stopped = exchange.getProperty(RunExchange.STOPPED, ContainerControl.Stopped.class);
        if (stopped == null) {
            return;
        }
        exchange.removeProperty(RunExchange.STOPPED);
        long downtime = control.start(stopped, exchange.getMessage().getBody(StoreSpec.class));
        Manifest.StoreEntry entry = exchange.getProperty(RunExchange.ENTRY, Manifest.StoreEntry.class);
        if (entry != null) {
            entry.downtimeMs = downtime;
        }
    }
}
