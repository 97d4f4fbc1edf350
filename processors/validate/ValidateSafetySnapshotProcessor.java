package io.snapdock.processors.validate;

import io.snapdock.SnapdockException;
import io.snapdock.model.ValidationReport;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import io.snapdock.stores.StoreContexts;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The safety snapshot a restore just took, checked like a backup in full (checksums re-read, each
 * handler's native check) and its validation.json written: a rollback must never depend on a
 * copy nobody read back. Not valid: the restore is refused.
 */
public class ValidateSafetySnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateSafetySnapshotProcessor.class);

    private final StoreContexts contexts;

    public ValidateSafetySnapshotProcessor(StoreContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.context(exchange);
        SnapshotDraft draft = ctx.draft();
        ValidationReport report = new SnapshotValidator(draft.view(), contexts.handlers()).validate(draft.manifest(),
                null,
                contexts.forManifest(draft.manifest(), ctx.getTargets(), Map::of));
        draft.view().writeValidation(report);
        if (!report.valid) {
            throw SnapdockException.failed("safety snapshot " + draft.stamp() + " is invalid ("
                    + String.join(", ", report.codes()) + ")");
        }
        LOG.info("Restore {}: safety snapshot {} of {} taken and valid ({} bytes)", ctx.run().id, draft.stamp(),
                draft.manifest().stores.stream().map(s -> s.name).toList(), draft.manifest().totalSize());
    }
}
