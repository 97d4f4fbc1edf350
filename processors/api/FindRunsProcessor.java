package io.snapdock.processors.api;

import io.snapdock.SnapdockException;
import io.snapdock.model.Run;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** GET /api/runs (newest first) and GET /api/runs/{id}. */
public class FindRunsProcessor implements Processor {

    private final RunRegistry runs;

    public FindRunsProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null) {
            exchange.getMessage().setBody(runs.recent());
            return;
        }
        Run run = runs.get(id);
        if (run == null) {
            throw SnapdockException.notFound("no run with id '" + id.replaceAll("[^A-Za-z0-9-]", "?") + "'");
        }
        exchange.getMessage().setBody(run);
    }
}
