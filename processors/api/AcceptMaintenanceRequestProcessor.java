package io.snapdock.processors.api;

import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.processors.support.RequestBodies;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** POST /api/maintenance/cleanup and /repack: the targets named must be configured (a 400 otherwise). */
public class AcceptMaintenanceRequestProcessor implements Processor {

    private final MaintenanceTargets targets;

    public AcceptMaintenanceRequestProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Maintenance r = RequestBodies.parseOr(exchange.getMessage().getBody(String.class),
                Requests.Maintenance.class, Requests.Maintenance::new);
        targets.settings().select(r.targets);
        exchange.getMessage().setBody(r);
    }
}
