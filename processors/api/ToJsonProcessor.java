package io.snapdock.processors.api;

import io.snapdock.processors.support.ApiResponse;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The last step of every API route: the body as JSON. */
public class ToJsonProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String location = exchange.getMessage().getHeader("Location", String.class);
        ApiResponse.json(exchange, status != null ? status : 200, exchange.getMessage().getBody(), location);
    }
}
