package io.snapdock.processors.restore;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RestoreSource;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store is restored and checked: its journal entry is cleared and it counts as succeeded. */
public class ConfirmStoreRestoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmStoreRestoreProcessor.class);

    private final RestoreJournal journal;

    public ConfirmStoreRestoreProcessor(RestoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        if (ctx.hasSafetyCopy(spec.name())) {
            journal.clear(ctx.run().id, spec.name());
        }
        Run.Item result = ctx.run().result(spec.name());
        result.status = ItemStatus.succeeded;
        result.durationMs = RunExchange.restoreMillis(exchange);
        LOG.info("Restored {} from snapshot {} in {} ms, checked", spec.name(),
                exchange.getProperty(RunExchange.RESTORE_FROM, RestoreSource.class).stamp(), result.durationMs);
    }
}
