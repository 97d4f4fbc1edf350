package io.snapdock.processors.restore;

import io.snapdock.config.Secrets;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RestoreSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A store's restore failed and a safety snapshot is there: why, before the rollback puts it back. */
public class NoteRestoreFailureProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(NoteRestoreFailureProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        Run.Item result = run.result(spec.name());
        result.error = Secrets.describe(RunExchange.caught(exchange));
        LOG.error("Restoring {} from {} failed ({}): rolling it back from safety snapshot {}", spec.name(),
                exchange.getProperty(RunExchange.RESTORE_FROM, RestoreSource.class).stamp(), result.error, run.safety);
    }
}
