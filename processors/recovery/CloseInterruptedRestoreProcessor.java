package io.snapdock.processors.recovery;

import io.snapdock.config.Secrets;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * After the rollback of an interrupted restore (or the finding that it cannot run now): the run
 * in the history gets the store's result and fails, the safety snapshot its outcome.json.
 */
public class CloseInterruptedRestoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CloseInterruptedRestoreProcessor.class);

    private final RunRegistry runs;
    private final RepositoryViews repositories;

    public CloseInterruptedRestoreProcessor(RunRegistry runs, RepositoryViews repositories) {
        this.runs = runs;
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        RestoreJournal.Entry e = exchange.getProperty(RunExchange.JOURNAL_ENTRY, RestoreJournal.Entry.class);
        Run run = RunExchange.context(exchange).run();
        Run.Item result = run.result(e.store());
        run.status = Run.Status.failed;
        run.error = (run.error != null && !run.error.contains(e.store() + ": ") ? run.error + "; " : "")
                + e.store() + ": " + result.error + " (" + result.status + " at start-up: " + result.rollback + ")";
        if (run.finishedAt == null) {
            run.finishedAt = Instant.now().toString();
        }
        runs.ended(run);
        boolean done = result.status != ItemStatus.rollbackFailed;
        try {
            new SafetySnapshots(repositories.snapshots(e.source())).writeOutcome(e.safety(),
                    new SafetySnapshots.Outcome(
                            done ? SafetySnapshots.ROLLED_BACK : SafetySnapshots.ROLLBACK_FAILED, e.run(), e.stamp(),
                            Instant.now().toString()));
        } catch (Exception ex) {
            LOG.error("Could not write the outcome of safety snapshot {}: {}", e.safety(), Secrets.describe(ex));
        }
        if (done) {
            LOG.warn("Rolled {} back to safety snapshot {} after the interrupted restore of run {}", e.store(),
                    e.safety(),
                    e.run());
        }
    }
}
