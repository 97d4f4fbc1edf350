package io.snapdock.processors;

import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** POST /api/prune: reads the body (a bad one is a 400 now) and sets header {@code dryRun} for the route's choice. */
public class ReadPruneRequestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        Requests.Prune r = StartRunProcessor.parseOr(body, Requests.Prune.class, Requests.Prune::new);
        exchange.getMessage().setHeader("dryRun", r.dryRun);
        exchange.getMessage().setBody(body);
    }
}
