package io.snapdock.processors.recovery;

import io.snapdock.SnapdockException;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.history.RestoreJournal;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up an unfinished restore (the body: its journal entry) for its rollback: its run (from
 * the history, or a new record), the safety snapshot and the repository holding it, and the
 * store as it runs now, which becomes the body. The entry is claimed in this process while it is
 * worked on. A store that cannot be found now (not running, not known here, the Docker engine
 * unreachable) fails this step: the rollback stays pending and is tried again later.
 */
public class ResumeInterruptedRestoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeInterruptedRestoreProcessor.class);

    private final RunRegistry runs;
    private final StoreDiscovery discovery;

    public ResumeInterruptedRestoreProcessor(RunRegistry runs, StoreDiscovery discovery) {
        this.runs = runs;
        this.discovery = discovery;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RestoreJournal.Entry e = exchange.getMessage().getMandatoryBody(RestoreJournal.Entry.class);
        LOG.warn("Restore of {} (run {}, from {}) is unfinished ({}): rolling it back from safety snapshot {}",
                e.store(), e.run(), e.stamp(),
                e.attempts() == 0 ? "its process ended" : e.attempts() + " rollback attempt(s) failed", e.safety());
        Run run = runs.get(e.run());
        if (run == null) {
            run = new Run("restore", "recovery");
            run.id = e.run();
            run.status = Run.Status.failed;
        }
        run.safety = e.safety();
        run.source = e.source();   // the repository holding the safety snapshot
        RunContext ctx = RunExchange.begin(exchange, run);
        exchange.setProperty(RunExchange.JOURNAL_ENTRY, e);
        RestoreJournal.claim(e.run(), e.store());
        Run.Item result = run.item(e.store(), null, ItemStatus.running);
        result.source = e.stamp();
        if (result.error == null) {
            result.error = "interrupted: the Snapdock process restoring it ended before the restore finished";
        }
        StoreSpec spec;
        try {
            spec = discovery.all().get(e.store());
        } catch (RuntimeException ex) {
            throw SnapdockException.unavailable("the stores cannot be listed now (" + ex.getMessage() + ")", ex);
        }
        if (spec == null) {
            throw SnapdockException.unavailable("store " + e.store() + " is not running or not known here", null);
        }
        ctx.setTargets(java.util.List.of(spec));
        exchange.getMessage().setBody(spec);
    }
}
