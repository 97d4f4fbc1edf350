package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.docker.ContainerControl;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs in doFinally, whatever happened: starts every container stopStore stopped, waits for its
 * health check (and the store's probe when it has an online method), and records the downtime.
 * A container that does not come back fails the store.
 */
public class StartStoreProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        ContainerControl.Stopped stopped = exchange.getProperty(StopStoreProcessor.STOPPED, ContainerControl.Stopped.class);
        if (stopped == null) {
            return;
        }
        exchange.removeProperty(StopStoreProcessor.STOPPED);
        Snapdock sd = Snapdock.from(exchange);
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        long downtime = sd.containers().start(stopped, sd.startTimeout(), probe(sd, spec));
        Manifest.StoreEntry entry = exchange.getProperty(DumpStoreProcessor.ENTRY, Manifest.StoreEntry.class);
        if (entry != null) {
            entry.downtimeMs = downtime;
        }
    }

    /** How a restarted store is known to be healthy: its handler's probe (a volume has none: running is enough). */
    static ContainerControl.Probe probe(Snapdock sd, StoreSpec spec) {
        var handler = sd.handlers().get(spec.type());
        return "volume".equals(handler.type()) ? null : () -> handler.probe(sd.context(spec, null));
    }
}
