package io.snapdock.processors.backup;

import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import io.snapdock.stores.StoreContexts;
import io.snapdock.stores.StoreControl;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Dumps one store (the body) with its handler into the run's snapshot. Online, every artifact
 * streams straight into the repository. In stop mode the store's data folder is copied (the
 * folder method) into local staging instead, so its container can start again before anything
 * is uploaded.
 */
public class DumpStoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DumpStoreProcessor.class);

    private final StoreContexts contexts;
    private final StoreControl control;
    private final Path stateDir;

    public DumpStoreProcessor(StoreContexts contexts, StoreControl control, Path stateDir) {
        this.contexts = contexts;
        this.control = control;
        this.stateDir = stateDir;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.context(exchange);
        SnapshotDraft draft = ctx.draft();
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        boolean stopped = exchange.getProperty(RunExchange.STOPPED) != null;
        StoreHandler handler = contexts.handlers().forMethod(spec.type(), spec.mode());
        StoreSpec target = "stop".equals(spec.mode()) ? control.withDataPath(spec) : spec;
        if (draft.isBackup()) {
            ctx.run().result(spec.name()).status = ItemStatus.running;
        }
        Manifest.StoreEntry entry = Manifest.StoreEntry.of(spec);
        exchange.setProperty(RunExchange.ENTRY, entry);
        Instant start = Instant.now();
        entry.startedAt = start.toString();
        StoreContext store = contexts.context(target, entry);

        Snapshots destination = draft.view();
        if (stopped && draft.isBackup()) {
            // The container starts again as soon as the copy is local; the upload comes after.
            Path dir = stateDir.resolve("staging").resolve(ctx.run().id + "-" + spec.name());
            destination = new Snapshots(new FileRepository(dir));
            exchange.setProperty(RunExchange.STAGING_DIR, dir);
            exchange.setProperty(RunExchange.STAGING, destination);
        }
        LOG.info("Backing up {} ({}, {}) via {}{}{}", spec.name(), spec.type(), spec.mode(), store.runner().describe(),
                destination != draft.view() ? " into local staging" : "", draft.isBackup() ? "" : " (safety snapshot)");
        Snapshots into = destination;
        handler.backup(store, artifact -> into.openArtifact(draft.stamp(), spec.name(), artifact));

        Instant end = Instant.now();
        entry.finishedAt = end.toString();
        entry.durationMs = end.toEpochMilli() - start.toEpochMilli();
    }
}
