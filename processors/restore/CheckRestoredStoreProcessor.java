package io.snapdock.processors.restore;

import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RestoreSource;
import io.snapdock.stores.StoreContexts;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After a restore: does the store hold what the manifest entry it was restored from lists (the
 * handler's post-restore check: databases, key count, streams, files)? Throws when it does not,
 * which rolls the store back.
 */
public class CheckRestoredStoreProcessor implements Processor {

    private final StoreContexts contexts;

    public CheckRestoredStoreProcessor(StoreContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        RestoreSource from = exchange.getProperty(RunExchange.RESTORE_FROM, RestoreSource.class);
        contexts.handlers().get(spec.type()).postCheck(contexts.context(spec, null), from.entry());
    }
}
