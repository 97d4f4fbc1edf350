package io.snapdock.processors.api;

import io.snapdock.processors.support.RequestBodies;
import io.snapdock.restore.RestorePlanner;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * POST /api/restores (and its preview): the stamp, the stores and the repository must resolve
 * now (4xx otherwise, and nothing runs). A dry run is resolved by its preview itself.
 */
public class AcceptRestoreRequestProcessor implements Processor {

    private final RestorePlanner planner;

    public AcceptRestoreRequestProcessor(RestorePlanner planner) {
        this.planner = planner;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Restore r = RequestBodies.parse(exchange.getMessage().getBody(String.class), Requests.Restore.class);
        if (!r.dryRun) {
            planner.plan(r);
        }
        exchange.getMessage().setBody(r);
    }
}
