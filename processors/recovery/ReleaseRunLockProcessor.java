package io.snapdock.processors.recovery;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The run lock a retry of pending rollbacks took is given back (doFinally: whatever happened). */
public class ReleaseRunLockProcessor implements Processor {

    private final RunRegistry runs;

    public ReleaseRunLockProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        Run holder = exchange.getProperty(RunExchange.RUN_LOCK, Run.class);
        if (holder != null) {
            runs.unlock(holder);
        }
    }
}
