package io.snapdock.processors.run;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts a run of one kind that needs nothing more to begin: takes the run the API queued (or
 * creates one for a schedule or the CLI) and, when the kind writes through the stores' own
 * paths (replication), waits for the run lock. A prune takes no run lock: the repository's
 * exclusive lock keeps it apart from backups, here and in other processes.
 */
public class BeginRunProcessor implements Processor {

    private final RunRegistry runs;
    private final String kind;
    private final String defaultTrigger;
    private final boolean runLock;

    public BeginRunProcessor(RunRegistry runs, String kind, String defaultTrigger, boolean runLock) {
        this.runs = runs;
        this.kind = kind;
        this.defaultTrigger = defaultTrigger;
        this.runLock = runLock;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.queued(exchange);
        if (run == null) {
            run = runs.register(new Run(kind, RunExchange.trigger(exchange, defaultTrigger)));
        }
        RunExchange.begin(exchange, run);
        if (runLock) {
            runs.lock(run);
        }
        run.start();
    }
}
