package io.snapdock.processors.restore;

import io.snapdock.config.Secrets;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * After a restore (doFinally): {@code safety/<stamp>/outcome.json} says how it ended —
 * confirmed (every store restored and checked), rolled-back (what failed holds its pre-restore
 * content again, or was never touched), rollback-pending (a store could not be put back yet: its
 * rollback is retried), rollback-failed (a store's rollback can never run: parked); in both of
 * the last two this safety snapshot holds the store's previous content. Retention keeps a safety snapshot without one.
 */
public class WriteSafetyOutcomeProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteSafetyOutcomeProcessor.class);

    private final RepositoryViews repositories;

    public WriteSafetyOutcomeProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = exchange.getProperty(RunExchange.RUN, Run.class);
        if (run == null || run.safety == null) {
            return;
        }
        RunContext ctx = RunExchange.contextOrNull(exchange);
        String state = state(run, RunExchange.caught(exchange) != null,
                store -> ctx == null || !ctx.wasEmpty(store));
        try {
            new SafetySnapshots(repositories.snapshots(run.source)).writeOutcome(run.safety,
                    new SafetySnapshots.Outcome(state, run.id, run.stamp, Instant.now().toString()));
            LOG.info("Safety snapshot {}: {}", run.safety, state);
        } catch (Exception e) {
            LOG.error("Could not write the outcome ({}) of safety snapshot {}: {}; it stays pending and is kept",
                    state, run.safety, Secrets.describe(e));
        }
    }

    static String state(Run run, boolean threw) {
        return state(run, threw, store -> true);
    }

    /** The outcome over the stores the safety snapshot holds ({@code copied}; a store that was empty has no copy). */
    static String state(Run run, boolean threw, Predicate<String> copied) {
        synchronized (run.stores) {
            if (run.stores.stream().anyMatch(r -> r.status == ItemStatus.rollbackFailed)) {
                return SafetySnapshots.ROLLBACK_FAILED;
            }
            if (run.stores.stream().anyMatch(r -> r.status == ItemStatus.rollbackPending)) {
                return SafetySnapshots.ROLLBACK_PENDING;
            }
            if (!threw && run.stores.stream().filter(r -> copied.test(r.name))
                    .allMatch(r -> r.status == ItemStatus.succeeded)) {
                return SafetySnapshots.CONFIRMED;
            }
            return SafetySnapshots.ROLLED_BACK;
        }
    }
}
