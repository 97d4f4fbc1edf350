package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.metrics.RunMetrics;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Always runs last (doFinally): a run that threw is marked failed with its reason (and recorded
 * with the dead letters), the finish time is set, the run is saved to the history, the run lock
 * is released, and the webhook hears about it.
 */
public class EndRunProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EndRunProcessor.class);

    /** Set on an exchange whose failure the dead-letter channel has recorded already. */
    static final String FAILURE_RECORDED = "snapdockFailureRecorded";

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        Snapdock sd = Snapdock.from(exchange);
        try {
            if (run == null) {
                return;
            }
            Throwable t = RunSupport.caught(exchange);
            if (t != null) {
                run.status = Run.Status.failed;
                run.error = RunSupport.describe(t);
                if (!exchange.getProperty(FAILURE_RECORDED, false, Boolean.class)) {
                    sd.failures().record(run.id, run.kind, exchange.getFromRouteId(), run.stamp,
                            RecordDeadLetterProcessor.errorClass(t), run.error);
                }
            } else if (run.status == Run.Status.running) {
                run.status = Run.Status.succeeded;
            }
            run.finishedAt = RunSupport.now();
            run.summarize();
            sd.runs().ended(run);
            LOG.info("{} run {} {}{}{}", run.kind, run.id, run.status, run.stamp != null ? " (snapshot " + run.stamp + ")" : "",
                    run.error != null ? ": " + run.error : "");
            recordMetrics(exchange, run);
        } finally {
            if (run != null) {
                sd.runs().unlock(run);
            }
        }
        if (run != null) {
            sd.notifier().runEnded(run);
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
