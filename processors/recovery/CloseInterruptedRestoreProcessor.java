package io.snapdock.processors.recovery;

import io.snapdock.config.Secrets;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.notify.WebhookNotifier;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * After a rollback of an unfinished restore was tried (doFinally: it succeeded, failed again, or
 * was parked): the run in the history gets the store's result and fails, the safety snapshot its
 * outcome.json ({@code rolled-back}, {@code rollback-pending}, {@code rollback-failed}), and the
 * webhook hears of it when something changed for the operator: the store is back, the rollback
 * was parked, or it failed for the first time. The entry is released in this process.
 */
public class CloseInterruptedRestoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CloseInterruptedRestoreProcessor.class);

    private final RunRegistry runs;
    private final RepositoryViews repositories;
    private final RestoreJournal journal;
    private final WebhookNotifier notifier;

    public CloseInterruptedRestoreProcessor(RunRegistry runs, RepositoryViews repositories, RestoreJournal journal,
            WebhookNotifier notifier) {
        this.runs = runs;
        this.repositories = repositories;
        this.journal = journal;
        this.notifier = notifier;
    }

    @Override
    public void process(Exchange exchange) {
        RestoreJournal.Entry e = exchange.getProperty(RunExchange.JOURNAL_ENTRY, RestoreJournal.Entry.class);
        RunContext ctx = RunExchange.contextOrNull(exchange);
        if (e == null || ctx == null) {
            return;   // the entry could not even be taken up: logged where it failed, tried again later
        }
        try {
            close(e, ctx.run());
        } finally {
            RestoreJournal.release(e.run(), e.store());
        }
    }

    private void close(RestoreJournal.Entry e, Run run) {
        Run.Item result = run.result(e.store());
        run.status = Run.Status.failed;
        String note = e.store() + ": " + result.error + " (" + result.status + ": " + result.rollback + ")";
        run.error = run.error != null && run.error.contains(e.store() + ": ")
                ? run.error.substring(0, run.error.indexOf(e.store() + ": ")) + note
                : (run.error != null ? run.error + "; " : "") + note;
        if (run.finishedAt == null) {
            run.finishedAt = Instant.now().toString();
        }
        runs.ended(run);
        String state = result.status == ItemStatus.rolledBack ? SafetySnapshots.ROLLED_BACK
                : result.status == ItemStatus.rollbackFailed ? SafetySnapshots.ROLLBACK_FAILED
                        : SafetySnapshots.ROLLBACK_PENDING;
        try {
            new SafetySnapshots(repositories.snapshots(e.source())).writeOutcome(e.safety(),
                    new SafetySnapshots.Outcome(state, e.run(), e.stamp(), Instant.now().toString()));
        } catch (Exception ex) {
            LOG.error("Could not write the outcome of safety snapshot {}: {}", e.safety(), Secrets.describe(ex));
        }
        if (result.status == ItemStatus.rolledBack) {
            LOG.warn("Rolled {} back to safety snapshot {} after the unfinished restore of run {}", e.store(),
                    e.safety(), e.run());
        }
        if (changed(e, result.status)) {
            notifier.runEnded(run);
        }
    }

    /** Whether the operator learns something new: back, newly parked, or the first failed attempt. */
    private boolean changed(RestoreJournal.Entry before, ItemStatus now) {
        if (now == ItemStatus.rolledBack) {
            return true;
        }
        if (now == ItemStatus.rollbackFailed) {
            return before.pending();
        }
        RestoreJournal.Entry after = journal.find(before.run(), before.store());
        return after != null && after.attempts() <= 1;
    }
}
