package io.snapdock.processors.restore;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.RestoreSource;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Before one store (the body: the store as it runs now) is touched: what it is restored from
 * (its entry in the snapshot chosen for it), whether a failure can roll it back (it has a copy
 * in the run's safety snapshot: {@code snapdockSafetyCopy}), and, if so, the restore journal
 * entry (bound to the repository's id and the store's identity), written first, so a crash from
 * here on is rolled back at the next start. A store that
 * was empty has no copy and no journal entry: there is nothing to roll back to. The history
 * shows the store running: what a crash leaves behind.
 */
public class BeginStoreRestoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BeginStoreRestoreProcessor.class);

    private final RepositoryViews repositories;
    private final RestoreJournal journal;
    private final RunRegistry runs;
    private final String instanceId;

    public BeginStoreRestoreProcessor(RepositoryViews repositories, RestoreJournal journal, RunRegistry runs,
            String instanceId) {
        this.repositories = repositories;
        this.journal = journal;
        this.runs = runs;
        this.instanceId = instanceId;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        Manifest source = ctx.sources().get(spec.name());   // every target has its source (the plan)
        boolean safetyCopy = ctx.hasSafetyCopy(spec.name());
        exchange.setProperty(RunExchange.SAFETY_COPY, safetyCopy);
        run.result(spec.name()).status = ItemStatus.running;
        Instant start = Instant.now();
        exchange.setProperty(RunExchange.RESTORE_STARTED, start);
        exchange.setProperty(RunExchange.RESTORE_FROM,
                new RestoreSource(repositories.snapshots(run.source), source.stamp,
                        source.store(spec.name())));
        if (safetyCopy) {
            journal.open(RestoreJournal.Entry.opened(run.id, spec.name(), source.stamp, run.safety, run.source,
                    run.pid, run.host, instanceId, start.toString(), repositories.repositoryId(run.source),
                    spec.identity()));
            runs.ended(run);
        }
        LOG.info("Restoring {} from snapshot {}{}{}", spec.name(), source.stamp,
                RepositoryViews.REPLICA.equals(run.source) ? " (read from the replica)" : "",
                safetyCopy ? " (safety snapshot " + run.safety + ")"
                        : ctx.wasEmpty(spec.name()) ? " (it was empty: no safety copy)" : "");
    }
}
