package io.snapdock.processors;

import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The JSON body of POST /api/restores(/preview) as a {@link Requests.Restore}; a bad one is a 400. */
public class ParseRestoreRequestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(StartRunProcessor.parse(exchange.getMessage().getBody(String.class),
                Requests.Restore.class));
    }
}
