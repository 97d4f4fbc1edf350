package io.snapdock.processors;

import io.snapdock.repo.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The last step of every API route: the body as JSON. */
public class ToJsonProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(exchange.getMessage().getBody()));
    }
}
