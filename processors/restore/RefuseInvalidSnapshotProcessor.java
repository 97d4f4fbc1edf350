package io.snapdock.processors.restore;

import io.snapdock.SnapdockException;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A restore never starts from a snapshot that failed its validation: nothing is touched. */
public class RefuseInvalidSnapshotProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        if (run.validation == null || !run.validation.valid) {
            throw SnapdockException.failed("snapshot " + run.stamp + " is invalid ("
                    + (run.validation == null ? "not checked" : String.join(", ", run.validation.codes()))
                    + "): refusing to restore from it; nothing was changed");
        }
    }
}
