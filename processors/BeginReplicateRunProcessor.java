package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Starts a replicate run (catch-up of the replica); waits for the run lock like a backup. */
public class BeginReplicateRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run queued = exchange.getProperty(RunSupport.RUN, Run.class);
        Run run = queued != null ? queued : sd.runs().register(new Run("replicate", RunSupport.trigger(exchange, "cli")));
        exchange.setProperty(RunSupport.RUN, run);
        sd.replica();
        sd.runs().lock(run);
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
    }
}
