package io.snapdock.processors.validate;

import io.snapdock.config.Settings;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.ValidationReport;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import io.snapdock.stores.StoreContexts;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the run's snapshot (checksums re-read from the repository plus each handler's native
 * check) and keeps the result as validation.json. Native checks run where the store's tools are:
 * in its container when it is there, locally otherwise. After a backup into the content store,
 * by default ({@code snapdock.backup.verify=new-data}) only what the run wrote is read back.
 */
public class ValidateSnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateSnapshotProcessor.class);

    private final RepositoryViews repositories;
    private final StoreContexts contexts;
    private final StoreDiscovery discovery;
    private final Settings.Verify verify;

    public ValidateSnapshotProcessor(RepositoryViews repositories, StoreContexts contexts, StoreDiscovery discovery,
            Settings.Verify verify) {
        this.repositories = repositories;
        this.contexts = contexts;
        this.discovery = discovery;
        this.verify = verify;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        Snapshots snapshots = repositories.snapshots(run.source);
        Manifest manifest = ctx.manifest() != null ? ctx.manifest() : snapshots.manifest(run.stamp);
        SnapshotValidator validator = new SnapshotValidator(snapshots, contexts.handlers());
        SnapshotDraft draft = ctx.draft();
        boolean newDataOnly = draft != null && draft.isBackup() && draft.writtenPacks() != null
                && snapshots.content(false) != null && verify == Settings.Verify.NEW_DATA;
        ValidationReport report = newDataOnly ? validator.verifyNewData(manifest, draft.writtenPacks())
                : validator.validate(manifest, null,
                        contexts.forManifest(manifest, ctx.getTargets(), discovery::allOrNone));
        snapshots.writeValidation(report);
        run.validation = report;
        if (report.valid) {
            LOG.info("Snapshot {} is valid ({} check)", run.stamp, report.scope);
        } else {
            LOG.error("Snapshot {} is INVALID: {}", run.stamp, report.errors);
        }
    }
}
