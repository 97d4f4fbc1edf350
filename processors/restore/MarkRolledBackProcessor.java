package io.snapdock.processors.restore;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store holds its safety copy again, checked: the journal entry is cleared, the store is {@code rolled-back}. */
public class MarkRolledBackProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MarkRolledBackProcessor.class);

    private final RestoreJournal journal;

    public MarkRolledBackProcessor(RestoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        journal.clear(run.id, spec.name());
        Run.Item result = run.result(spec.name());
        result.status = ItemStatus.rolledBack;
        result.rollback = "restored from safety snapshot " + run.safety + " and checked";
        Long ms = RunExchange.restoreMillis(exchange);
        if (ms != null) {
            result.durationMs = ms;
        }
        LOG.warn("Rolled {} back to safety snapshot {}", spec.name(), run.safety);
    }
}
