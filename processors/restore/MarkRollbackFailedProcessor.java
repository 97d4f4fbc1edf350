package io.snapdock.processors.restore;

import io.snapdock.config.Secrets;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback failed too: the store is {@code rollback-failed}, its journal entry stays (the next
 * start of Snapdock tries again) and the safety snapshot keeps its previous content.
 */
public class MarkRollbackFailedProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MarkRollbackFailedProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        Run.Item result = run.result(spec.name());
        result.status = ItemStatus.rollbackFailed;
        result.rollback = "rolling back from safety snapshot " + run.safety + " failed: "
                + Secrets.describe(RunExchange.caught(exchange)) + "; the next start of Snapdock tries again";
        Long ms = RunExchange.restoreMillis(exchange);
        if (ms != null) {
            result.durationMs = ms;
        }
        LOG.error("Rolling {} back to safety snapshot {} FAILED: {}", spec.name(), run.safety, result.rollback);
    }
}
