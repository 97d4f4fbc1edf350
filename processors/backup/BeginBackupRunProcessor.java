package io.snapdock.processors.backup;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.Requests;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Starts a backup run: takes the run the API queued (or creates one for a schedule or the CLI)
 * and waits for the run lock, so a backup never runs alongside another backup or a restore.
 */
public class BeginBackupRunProcessor implements Processor {

    private final RunRegistry runs;

    public BeginBackupRunProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.queued(exchange);
        if (run == null) {
            run = new Run("backup", RunExchange.trigger(exchange, "schedule"));
            Requests.Backup req = exchange.getMessage().getBody(Requests.Backup.class);
            run.requestedStores = req == null ? List.of() : req.stores;
            runs.register(run);
        }
        RunExchange.begin(exchange, run);
        runs.lock(run);
        run.start();
    }
}
