package io.snapdock.processors.recovery;

import io.snapdock.SnapdockException;
import io.snapdock.history.FailureLog;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a rollback is applied: is everything still what the journal entry names? The repository
 * must have the id it had when the restore started, the safety snapshot must be in it, and the
 * store (the body) must be the same store (its {@link StoreSpec#identity() identity}), not
 * another that took its name. If not, the entry is parked: reported (a dead-letter record the
 * first time, the store {@code rollback-failed}, readiness DOWN), never retried by the service,
 * re-checked at each start (what was unmounted may be back), and the body becomes null: nothing
 * is applied. A parked entry whose check now passes is taken up again. A repository that cannot
 * be READ now is not a reason to park: that throws, and the rollback stays pending.
 */
public class CheckJournalEntryProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CheckJournalEntryProcessor.class);

    private final RestoreJournal journal;
    private final RepositoryViews repositories;
    private final FailureLog failures;

    public CheckJournalEntryProcessor(RestoreJournal journal, RepositoryViews repositories, FailureLog failures) {
        this.journal = journal;
        this.repositories = repositories;
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RestoreJournal.Entry e = exchange.getProperty(RunExchange.JOURNAL_ENTRY, RestoreJournal.Entry.class);
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        String problem = problem(e, spec);
        if (problem == null) {
            if (!e.pending()) {
                journal.park(e.run(), e.store(), null);
                LOG.warn("Restore journal entry of {} (run {}) is no longer parked: {} is found as it was", e.store(),
                        e.run(), e.safety());
            }
            return;
        }
        journal.park(e.run(), e.store(), problem);
        Run.Item result = RunExchange.context(exchange).run().result(e.store());
        result.status = ItemStatus.rollbackFailed;
        result.rollback = "parked: " + problem + "; never applied to anything else, never retried by the service"
                + " (re-checked at each start); the safety snapshot keeps the store's previous content";
        if (e.pending()) {
            failures.record(e.run(), "restore", "recover-restore", e.store(), "parked", result.rollback);
        }
        LOG.error("Rollback of {} (run {}) parked: {}", e.store(), e.run(), problem);
        exchange.getMessage().setBody(null);
    }

    /** Why the entry cannot be applied to {@code spec}, or null. */
    String problem(RestoreJournal.Entry e, StoreSpec spec) {
        if (e.storeIdentity() != null && !e.storeIdentity().equals(spec.identity())) {
            return "store " + e.store() + " is now " + spec.identity() + ", not " + e.storeIdentity()
                    + " that the restore changed";
        }
        if (e.repositoryId() != null) {
            String id = repositories.repositoryId(e.source());
            if (!e.repositoryId().equals(id)) {
                return "the " + (e.source() == null ? RepositoryViews.PRIMARY : e.source()) + " repository is "
                        + (id == null ? "empty or gone" : "another one (id " + id + ")") + ", not the one the restore"
                        + " read (id " + e.repositoryId() + ")";
            }
        }
        try {
            repositories.snapshots(e.source()).safety().manifest(e.safety());
        } catch (SnapdockException ex) {
            if (ex.kind() == SnapdockException.Kind.NOT_FOUND) {
                return "safety snapshot " + e.safety() + ": " + ex.getMessage();
            }
            throw ex;
        }
        return null;
    }
}
