package io.snapdock.processors.recovery;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A retry of pending rollbacks runs only while no backup or restore does (the run lock), so it
 * never puts back a store a new restore is working on; when the lock is busy it does nothing now
 * and the next tick looks again. The holder goes to {@link RunExchange#RUN_LOCK}.
 */
public class TakeRunLockIfFreeProcessor implements Processor {

    private final RunRegistry runs;

    public TakeRunLockIfFreeProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        Run holder = new Run("rollback", "retry");
        if (runs.tryLock(holder)) {
            exchange.setProperty(RunExchange.RUN_LOCK, holder);
        }
    }
}
