package io.snapdock.processors.restore;

import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RestoreSource;
import io.snapdock.stores.StoreContexts;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Restores one store (the body) from what {@code snapdockRestoreFrom} names: its snapshot, or its
 * safety copy in a rollback. The handler that made the copy restores it; where the store must be
 * stopped to take its data back (Redis, SQLite, a folder, a stop-mode copy), the handler's
 * container swap stops it, puts the data in and starts it again, always, and puts the previous
 * data back if that fails.
 */
public class RestoreStoreProcessor implements Processor {

    private final StoreContexts contexts;

    public RestoreStoreProcessor(StoreContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        RestoreSource from = exchange.getProperty(RunExchange.RESTORE_FROM, RestoreSource.class);
        contexts.handlers().forMethod(from.entry().type, from.entry().method).restore(
                contexts.context(spec, from.entry()),
                from.entry(), artifact -> from.view().readArtifact(from.stamp(), spec.name(), artifact));
    }
}
