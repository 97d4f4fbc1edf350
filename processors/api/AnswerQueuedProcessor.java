package io.snapdock.processors.api;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;

import java.util.Map;

/** 202 Accepted with the queued run's id and where to follow it. */
public class AnswerQueuedProcessor implements org.apache.camel.Processor {

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.queued(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", "/api/runs/" + run.id);
        exchange.getMessage().setBody(Map.of("id", run.id, "kind", run.kind, "status", run.status.name(),
                "href", "/api/runs/" + run.id));
    }
}
