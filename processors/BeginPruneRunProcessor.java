package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts a prune run. It does not wait for the run lock: the repository's exclusive lock (taken
 * by {@code pruneRepository}) is what keeps it apart from backups, here and in other processes.
 */
public class BeginPruneRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run == null) {
            run = new Run("prune", RunSupport.trigger(exchange, "schedule"));
            sd.runs().register(run);
            exchange.setProperty(RunSupport.RUN, run);
        }
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
    }
}
