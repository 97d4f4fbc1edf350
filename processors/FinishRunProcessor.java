package io.snapdock.processors;

import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/** Decides how the run ended: failed when any store failed or the snapshot did not validate. */
public class FinishRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Run run = RunSupport.run(exchange);
        List<String> problems = new ArrayList<>();
        synchronized (run.stores) {
            run.stores.stream().filter(r -> Run.failed(r.status))
                    .forEach(r -> problems.add(r.name + ": " + r.error + (r.rollback != null ? " (" + r.status + ": "
                            + r.rollback + ")" : "")));
        }
        if (run.validation != null && !run.validation.valid) {
            problems.add("snapshot " + run.stamp + " is invalid (" + String.join(", ", run.validation.codes()) + ")");
        }
        if (run.check != null && !run.check.ok) {
            problems.add("repository check found " + String.join(", ", run.check.codes()));
        }
        run.status = problems.isEmpty() ? Run.Status.succeeded : Run.Status.failed;
        run.error = problems.isEmpty() ? null : String.join("; ", problems);
        exchange.getMessage().setBody(run);
    }
}
