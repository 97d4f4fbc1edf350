package io.snapdock.processors.maintenance;

import io.snapdock.config.Secrets;
import io.snapdock.history.FailureLog;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter channel's step (routes/dead-letter.camel.yaml): records the failed exchange
 * durably (run, route, target or item, error class, redacted message, time) and marks what failed
 * in the run. When the failure is about an item (a target, a rule, a table), the run goes on with
 * the others; when it is about the run itself, the dead-letter route then ends the run as failed.
 */
public class RecordDeadLetterProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDeadLetterProcessor.class);

    private final FailureLog failures;

    public RecordDeadLetterProcessor(FailureLog failures) {
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable t = RunExchange.caught(exchange);
        Run run = exchange.getProperty(RunExchange.RUN, Run.class);
        String item = exchange.getProperty(RunExchange.ITEM, String.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String message = t == null ? "unknown error" : Secrets.describe(t);
        int attempts = 1 + exchange.getProperty(RunExchange.REDELIVERIES, 0, Integer.class);
        failures.record(run != null ? run.id : null, run != null ? run.kind : null, routeId, item,
                RunExchange.errorClass(t), message, attempts);
        exchange.setProperty(RunExchange.FAILURE_RECORDED, true);
        LOG.error("{}{} failed in route {}: {}", run != null ? run.kind + " run " + run.id + ": " : "",
                item != null ? item : "exchange", routeId, message);
        if (run != null && item != null) {
            run.item(item, item.contains("/") ? "rule" : "target", ItemStatus.failed).fail(message);
        }
    }
}
