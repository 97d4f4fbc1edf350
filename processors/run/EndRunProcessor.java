package io.snapdock.processors.run;

import io.snapdock.config.Secrets;
import io.snapdock.history.FailureLog;
import io.snapdock.metrics.RunMetrics;
import io.snapdock.metrics.SnapdockMetrics;
import io.snapdock.model.Run;
import io.snapdock.notify.WebhookNotifier;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Always runs last (doFinally): a run that threw is marked failed with its reason (and recorded
 * with the dead letters), the finish time is set, the run is saved to the history, the run lock
 * is released, and the webhook hears about it. The dead-letter channel ends a run that failed
 * as a whole through it too.
 */
public class EndRunProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EndRunProcessor.class);

    private final RunRegistry runs;
    private final FailureLog failures;
    private final WebhookNotifier notifier;
    private final SnapdockMetrics metrics;

    public EndRunProcessor(RunRegistry runs, FailureLog failures, WebhookNotifier notifier, SnapdockMetrics metrics) {
        this.runs = runs;
        this.failures = failures;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunExchange.RUN, Run.class);
        if (run == null) {
            return;
        }
        try {
            Throwable t = RunExchange.caught(exchange);
            if (t != null) {
                run.status = Run.Status.failed;
                run.error = Secrets.describe(t);
                if (!exchange.getProperty(RunExchange.FAILURE_RECORDED, false, Boolean.class)) {
                    failures.record(run.id, run.kind, exchange.getFromRouteId(), run.stamp, RunExchange.errorClass(t),
                            run.error);
                }
            } else if (run.status == Run.Status.running) {
                run.status = Run.Status.succeeded;
            }
            run.finishedAt = Instant.now().toString();
            run.summarize();
            runs.ended(run);
            LOG.info("{} run {} {}{}{}", run.kind, run.id, run.status,
                    run.stamp != null ? " (snapshot " + run.stamp + ")" : "",
                    run.error != null ? ": " + run.error : "");
            recordMetrics(run, RunExchange.contextOrNull(exchange));
        } finally {
            runs.unlock(run);
        }
        notifier.runEnded(run);
    }

    /** Metrics are a report on the run: a failure to record them never changes how the run ended. */
    private void recordMetrics(Run run, RunContext ctx) {
        try {
            RunMetrics.record(metrics, run, ctx == null ? null : ctx.manifest());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the metrics of run {}: {}", run.id, e.toString());
        }
    }
}
