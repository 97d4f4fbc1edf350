package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.metrics.RunMetrics;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Always runs last (doFinally): a run that threw is marked failed with its reason, the finish
 * time is set, and the run lock is released.
 */
public class EndRunProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EndRunProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        try {
            if (run == null) {
                return;
            }
            Throwable t = RunSupport.caught(exchange);
            if (t != null) {
                run.status = Run.Status.failed;
                run.error = RunSupport.describe(t);
            } else if (run.status == Run.Status.running) {
                run.status = Run.Status.succeeded;
            }
            run.finishedAt = RunSupport.now();
            LOG.info("{} run {} {}{}{}", run.kind, run.id, run.status, run.stamp != null ? " (snapshot " + run.stamp + ")" : "",
                    run.error != null ? ": " + run.error : "");
            recordMetrics(exchange, run);
        } finally {
            if (run != null) {
                Snapdock.from(exchange).runs().unlock(run);
            }
        }
    }

    /** Metrics are a report on the run: a failure to record them never changes how the run ended. */
    private static void recordMetrics(Exchange exchange, Run run) {
        try {
            RunMetrics.record(Snapdock.from(exchange).metrics(), run);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the metrics of run {}: {}", run.id, e.toString());
        }
    }
}
