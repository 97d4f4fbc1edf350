package io.snapdock.processors.run;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides how the run ended: failed when any item failed (a store, a rule, a table; each failure
 * is also in the dead-letter records), a restore had to be rolled back, the snapshot did not
 * validate or the repository check found errors; skipped stays skipped (maintenance switched
 * off, nothing to do); succeeded otherwise (items skipped for a missing extension or table do
 * not fail it).
 */
public class FinishRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        List<String> problems = new ArrayList<>();
        synchronized (run.stores) {
            run.stores.stream().filter(r -> r.status.failsRun())
                    .forEach(r -> problems.add(r.name + ": " + r.error + (r.rollback != null ? " (" + r.status + ": "
                            + r.rollback + ")" : "")));
        }
        if (run.validation != null && !run.validation.valid) {
            problems.add("snapshot " + run.stamp + " is invalid (" + String.join(", ", run.validation.codes()) + ")");
        }
        if (run.check != null && !run.check.ok) {
            problems.add("repository check found " + String.join(", ", run.check.codes()));
        }
        if (!problems.isEmpty()) {
            run.status = Run.Status.failed;
            run.error = String.join("; ", problems);
        } else if (run.status != Run.Status.skipped) {
            run.status = Run.Status.succeeded;
        }
        // A failed item was handled (and recorded) by the dead-letter channel, which leaves its
        // exception on the exchange: the run's outcome is decided here, endRun must not see it again.
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.getMessage().setBody(run);
    }
}
