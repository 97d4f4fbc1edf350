package io.snapdock.processors.restore;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * This process no longer works on the store (doFinally): the recovery of another start may now
 * roll back its journal entry if one is left (a rollback that failed).
 */
public class ReleaseRestoreJournalProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        RestoreJournal.release(RunExchange.context(exchange).run().id, spec.name());
    }
}
