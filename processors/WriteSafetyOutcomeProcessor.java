package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * After a restore (doFinally): {@code safety/<stamp>/outcome.json} says how it ended —
 * confirmed (every store restored and checked), rolled-back (what failed holds its pre-restore
 * content again, or was never touched), rollback-failed (a store could not be put back; this
 * safety snapshot holds its previous content). Retention keeps a safety snapshot without one.
 */
public class WriteSafetyOutcomeProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteSafetyOutcomeProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run == null || run.safety == null) {
            return;
        }
        String state = state(run, RunSupport.caught(exchange) != null);
        try {
            new SafetySnapshots(Snapdock.from(exchange).snapshots(run.source)).writeOutcome(run.safety,
                    new SafetySnapshots.Outcome(state, run.id, run.stamp, Instant.now().toString()));
            LOG.info("Safety snapshot {}: {}", run.safety, state);
        } catch (Exception e) {
            LOG.error("Could not write the outcome ({}) of safety snapshot {}: {}; it stays pending and is kept",
                    state, run.safety, RunSupport.describe(e));
        }
    }

    static String state(Run run, boolean threw) {
        synchronized (run.stores) {
            if (run.stores.stream().anyMatch(r -> SafetySnapshots.ROLLBACK_FAILED.equals(r.status))) {
                return SafetySnapshots.ROLLBACK_FAILED;
            }
            if (!threw && run.stores.stream().allMatch(r -> "succeeded".equals(r.status))) {
                return SafetySnapshots.CONFIRMED;
            }
            return SafetySnapshots.ROLLED_BACK;
        }
    }
}
