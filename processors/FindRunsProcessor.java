package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** GET /api/runs (newest first) and GET /api/runs/{id}. */
public class FindRunsProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null) {
            exchange.getMessage().setBody(sd.runs().recent());
            return;
        }
        Run run = sd.runs().get(id);
        if (run == null) {
            throw SnapdockException.notFound("no run with id '" + id.replaceAll("[^A-Za-z0-9-]", "?") + "'");
        }
        exchange.getMessage().setBody(run);
    }
}
