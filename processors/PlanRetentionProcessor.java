package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.retention.Prune;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A dry run of the prune: the body becomes the plan (and what the collection would free). Reads only; no run. */
public class PlanRetentionProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        exchange.getMessage().setBody(Prune.from(sd.snapshots(), sd.config()).dryRun());
    }
}
