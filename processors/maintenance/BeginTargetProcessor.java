package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The first step for each target (the split's body): what the following steps and a failure record refer to. */
public class BeginTargetProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        MaintenanceTarget target = exchange.getMessage().getBody(MaintenanceTarget.class);
        exchange.setProperty(RunExchange.TARGET, target);
        exchange.setProperty(RunExchange.ITEM, target.name());
    }
}
