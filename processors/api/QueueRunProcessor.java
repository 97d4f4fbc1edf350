package io.snapdock.processors.api;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.Requests;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * An accepted API request becomes a queued run (header {@code snapdockKind}; the body, its typed
 * request, stays for the run): registered now, so its id can be answered and followed at
 * /api/runs/{id} while it waits for the run queue.
 */
public class QueueRunProcessor implements Processor {

    private final RunRegistry runs;

    public QueueRunProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = new Run(exchange.getMessage().getHeader(RunExchange.KIND, String.class), "api");
        exchange.getMessage().getBody(Requests.RunRequest.class).describe(run);
        runs.register(run);
        exchange.setProperty(RunExchange.RUN, run);
        exchange.getMessage().setHeader(RunExchange.TRIGGER, "api");
    }
}
