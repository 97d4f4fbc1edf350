package io.snapdock.processors.restore;

import io.snapdock.config.Secrets;
import io.snapdock.history.FailureLog;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The rollback could not run now (it failed, the store does not answer, the repository cannot be
 * read): the store is {@code rollback-pending}. Its journal entry stays with the attempt counted
 * and the time a running service tries again (doubling delays); the first failure becomes a
 * dead-letter record (later ones are logged), and the run's failure reaches the webhook when the
 * run ends. The safety snapshot keeps its content until a rollback succeeds.
 */
public class MarkRollbackPendingProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MarkRollbackPendingProcessor.class);

    private final RestoreJournal journal;
    private final FailureLog failures;
    private final Duration retry;
    private final Duration retryMax;

    public MarkRollbackPendingProcessor(RestoreJournal journal, FailureLog failures, Duration retry,
            Duration retryMax) {
        this.journal = journal;
        this.failures = failures;
        this.retry = retry;
        this.retryMax = retryMax;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = RunExchange.caught(exchange);
        String why = Secrets.describe(cause);
        RunContext ctx = RunExchange.contextOrNull(exchange);
        Run run = ctx == null ? null : ctx.run();
        RestoreJournal.Entry entry = exchange.getProperty(RunExchange.JOURNAL_ENTRY, RestoreJournal.Entry.class);
        StoreSpec spec = exchange.getMessage().getBody() instanceof StoreSpec s ? s : null;   // null: not found
        String store = spec != null ? spec.name() : entry != null ? entry.store() : null;
        String runId = run != null ? run.id : entry != null ? entry.run() : null;
        if (store == null || runId == null) {
            LOG.error("A rollback could not run: {}", why);
            return;
        }
        RestoreJournal.Entry deferred = null;
        try {
            deferred = journal.defer(runId, store, why, retry, retryMax, Instant.now());
        } catch (RuntimeException e) {
            LOG.error("Could not record the failed rollback of {} in the restore journal: {}", store, e.getMessage());
        }
        String safety = run != null && run.safety != null ? run.safety : entry != null ? entry.safety() : "?";
        String next = deferred != null && deferred.nextAttempt() != null
                ? "retried from " + deferred.nextAttempt() + " while Snapdock serves, and at its next start"
                : "retried at the next start of Snapdock";
        if (run != null) {
            Run.Item result = run.result(store);
            result.status = ItemStatus.rollbackPending;
            result.rollback = "rollback pending: rolling back from safety snapshot " + safety + " failed ("
                    + why + "); " + next;
            Long ms = RunExchange.restoreMillis(exchange);
            if (ms != null) {
                result.durationMs = ms;
            }
        }
        if (deferred == null || deferred.attempts() <= 1) {
            failures.record(runId, "restore", "roll-back-store", store, RunExchange.errorClass(cause),
                    "rollback pending: rolling " + store + " back from safety snapshot " + safety + " failed: " + why);
        }
        LOG.error("Rolling {} back to safety snapshot {} FAILED ({}): rollback pending, {}", store, safety, why, next);
    }
}
