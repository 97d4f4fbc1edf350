package io.snapdock.processors.restore;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;

/**
 * The safety snapshot could not be taken, or is not valid: the restore stops here and nothing
 * was changed. An unfinished safety snapshot is removed; a finished but invalid one is kept to
 * look at, marked done ({@code rolled-back}: nothing was replaced) so retention can remove it.
 */
public class RefuseRestoreProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        SnapshotDraft draft = ctx.draft();
        Throwable cause = RunExchange.caught(exchange);
        if (draft != null) {
            try {
                draft.view().discard(draft.stamp());   // keeps it when its manifest was written
                if (draft.view().manifestBytes(draft.stamp()) != null) {
                    new SafetySnapshots(draft.view()).writeOutcome(draft.stamp(), new SafetySnapshots.Outcome(
                            SafetySnapshots.ROLLED_BACK, run.id, run.stamp, Instant.now().toString()));
                }
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        run.safety = null;
        ctx.draft(null);
        throw SnapdockException.failed("the safety snapshot of "
                + ctx.getSafetyTargets().stream().map(StoreSpec::name).toList()
                + " could not be taken (" + Secrets.describe(cause) + "): the restore is refused, nothing was changed"
                + " (a store whose current data is lost can be restored without one: --no-safety-snapshot,"
                + " \"safetySnapshot\": false)");
    }
}
