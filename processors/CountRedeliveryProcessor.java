package io.snapdock.processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before each redelivery of a transient failure: counts them for the dead-letter record. */
public class CountRedeliveryProcessor implements Processor {

    static final String REDELIVERIES = "snapdockRedeliveries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(REDELIVERIES, exchange.getProperty(REDELIVERIES, 0, Integer.class) + 1);
    }
}
