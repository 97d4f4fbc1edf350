package io.snapdock.processors.backup;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.stores.StoreContexts;
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

    private final StoreContexts contexts;

    public ProbeStoresProcessor(StoreContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        List<StoreSpec> reachable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StoreSpec spec : ctx.getTargets()) {
            try {
                contexts.handlers().get(spec.type()).probe(contexts.context(spec, null));
                reachable.add(spec);
            } catch (Exception e) {
                String error = Secrets.describe(e);
                ctx.run().result(spec.name()).fail(error);
                problems.add(spec.name() + ": " + error);
                LOG.error("Store {} does not answer: {}", spec.name(), error);
            }
        }
        if (reachable.isEmpty()) {
            throw SnapdockException
                    .unavailable("no store answered, nothing was backed up: " + String.join("; ", problems), null);
        }
        ctx.setTargets(reachable);
    }
}
