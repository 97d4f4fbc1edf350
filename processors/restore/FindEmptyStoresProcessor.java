package io.snapdock.processors.restore;

import io.snapdock.config.Secrets;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.stores.StoreContexts;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the safety snapshot: each store about to be replaced is asked whether it holds anything
 * worth keeping now (its handler's {@code isEmpty}: a store recreated empty on a new host holds
 * nothing). An empty store needs no safety copy: it is left out of the safety snapshot and the
 * run says so for it. A store whose handler cannot tell, or whose answer fails, counts as not
 * empty and is copied as before (and refuses the restore if it cannot be).
 */
public class FindEmptyStoresProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FindEmptyStoresProcessor.class);

    private final StoreContexts contexts;

    public FindEmptyStoresProcessor(StoreContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        for (StoreSpec spec : ctx.getTargets()) {
            boolean empty;
            try {
                empty = contexts.handlers().get(spec.type()).isEmpty(contexts.context(spec, null));
            } catch (Exception e) {
                LOG.warn("Restore {}: cannot tell whether store {} holds anything ({}): it is copied into the safety"
                        + " snapshot", run.id, spec.name(), Secrets.describe(e));
                continue;
            }
            if (empty) {
                ctx.markEmpty(spec.name());
                String why = emptyNote(spec.name());
                run.item(spec.name(), spec.type(), ItemStatus.pending).detail = why;
                LOG.info("Restore {}: {}", run.id, why);
            }
        }
    }

    /** What the run records for a store found empty. */
    static String emptyNote(String store) {
        return "store " + store + " was empty: no safety copy needed";
    }
}
