package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter channel's step (routes/dead-letter.camel.yaml): records the failed exchange
 * durably (run, route, target or item, error class, redacted message, time) and marks what failed
 * in the run. When the failure is about an item (a target, a rule, a table), the run goes on with
 * the others; when it is about the run itself, the run ends as failed here.
 */
public class RecordDeadLetterProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDeadLetterProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Throwable t = RunSupport.caught(exchange);
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        String item = exchange.getProperty(MaintenanceSupport.ITEM, String.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String message = t == null ? "unknown error" : RunSupport.describe(t);
        int attempts = 1 + exchange.getProperty(CountRedeliveryProcessor.REDELIVERIES, 0, Integer.class);
        sd.failures().record(run != null ? run.id : null, run != null ? run.kind : null, routeId, item,
                errorClass(t), message, attempts);
        LOG.error("{}{} failed in route {}: {}", run != null ? run.kind + " run " + run.id + ": " : "",
                item != null ? item : "exchange", routeId, message);
        if (run == null) {
            return;
        }
        if (item != null) {
            Run.StoreResult r = run.item(item, item.contains("/") ? "rule" : "target", "failed");
            r.status = "failed";
            r.error = message;
        } else if (run.finishedAt == null) {
            exchange.setProperty(EndRunProcessor.FAILURE_RECORDED, true);
            new EndRunProcessor().process(exchange);
        }
    }

    /** The class of the error that says what went wrong: the innermost cause (a driver's exception, say). */
    static String errorClass(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getName();
    }
}
