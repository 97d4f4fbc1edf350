package io.snapdock.processors.backup;

import io.snapdock.docker.ContainerControl;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.stores.StoreControl;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stop mode only: stops the store's container (and the containers named in its
 * {@code stop-with} option), each written to the stop journal first. Online stores pass
 * through untouched. startStore, in the route's doFinally, starts them again.
 */
public class StopStoreProcessor implements Processor {

    private final StoreControl control;

    public StopStoreProcessor(StoreControl control) {
        this.control = control;
    }

    @Override
    public void process(Exchange exchange) {
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        if (!"stop".equals(spec.mode())) {
            return;
        }
        ContainerControl.Stopped stopped = control.stop(spec, RunExchange.context(exchange).run().id);
        exchange.setProperty(RunExchange.STOPPED, stopped);
    }
}
