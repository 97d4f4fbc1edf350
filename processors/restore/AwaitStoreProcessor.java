package io.snapdock.processors.restore;

import io.snapdock.model.StoreSpec;
import io.snapdock.stores.StoreControl;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A store whose container was just started (a restore that stopped it) may still be starting up:
 * its probe is retried until it answers, for at most {@code snapdock.start.timeout-seconds}. Only
 * then does the post-restore check run, once: what it finds missing is missing.
 */
public class AwaitStoreProcessor implements Processor {

    private final StoreControl control;

    public AwaitStoreProcessor(StoreControl control) {
        this.control = control;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        control.awaitAnswer(exchange.getMessage().getMandatoryBody(StoreSpec.class));
    }
}
