package io.snapdock.processors;

import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * How a cleanup or repack run ended: failed when any item failed (each failure is also in the
 * dead-letter records), skipped when maintenance is switched off, succeeded otherwise (items
 * skipped for a missing extension or table do not fail it).
 */
public class FinishMaintenanceRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Run run = RunSupport.run(exchange);
        List<String> problems = new ArrayList<>();
        synchronized (run.stores) {
            run.stores.stream().filter(r -> "failed".equals(r.status)).forEach(r -> problems.add(r.name + ": " + r.error));
        }
        if (!problems.isEmpty()) {
            run.status = Run.Status.failed;
            run.error = String.join("; ", problems);
        } else if (run.status != Run.Status.skipped) {
            run.status = Run.Status.succeeded;
        }
        run.summarize();
        // A failed item was handled (and recorded) by the dead-letter channel, which leaves its
        // exception on the exchange: the run's outcome is decided above, endRun must not see it again.
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.getMessage().setBody(run);
    }
}
