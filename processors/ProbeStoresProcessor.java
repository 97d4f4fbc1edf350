package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks every store of the run whether it answers (a cheap query) before anything is written.
 * A store that does not is reported failed and left out; when none answers the run stops
 * here, and the repository is not touched.
 */
public class ProbeStoresProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeStoresProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        List<StoreSpec> reachable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StoreSpec spec : run.targets) {
            try {
                sd.handlers().get(spec.type()).probe(sd.context(spec, null));
                reachable.add(spec);
            } catch (Exception e) {
                String error = RunSupport.describe(e);
                Run.StoreResult r = run.result(spec.name());
                r.status = "failed";
                r.error = error;
                problems.add(spec.name() + ": " + error);
                LOG.error("Store {} does not answer: {}", spec.name(), error);
            }
        }
        if (reachable.isEmpty()) {
            throw SnapdockException.unavailable("no store answered, nothing was backed up: " + String.join("; ", problems), null);
        }
        run.targets = reachable;
    }
}
