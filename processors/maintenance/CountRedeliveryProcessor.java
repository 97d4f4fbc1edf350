package io.snapdock.processors.maintenance;

import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before each redelivery of a transient failure: counts them for the dead-letter record. */
public class CountRedeliveryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RunExchange.REDELIVERIES,
                exchange.getProperty(RunExchange.REDELIVERIES, 0, Integer.class) + 1);
    }
}
