package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Requests;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts a backup run: takes the run the API queued (or creates one for a schedule or the CLI)
 * and waits for the run lock, so a backup never runs alongside another backup or a restore.
 */
public class BeginBackupRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run == null) {
            run = new Run("backup", RunSupport.trigger(exchange, "schedule"));
            Requests.Backup req = exchange.getMessage().getBody(Requests.Backup.class);
            run.requestedStores = req == null ? java.util.List.of() : req.stores;
            sd.runs().register(run);
            exchange.setProperty(RunSupport.RUN, run);
        }
        sd.runs().lock(run);
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
    }
}
