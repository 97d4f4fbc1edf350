package io.snapdock.processors.backup;

import io.snapdock.model.ItemStatus;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's copy is complete in the repository: it joins the snapshot's manifest (and, in a backup, the run's results). */
public class RecordStoreEntryProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStoreEntryProcessor.class);

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Manifest.StoreEntry entry = exchange.getProperty(RunExchange.ENTRY, Manifest.StoreEntry.class);
        Manifest manifest = ctx.draft().manifest();
        synchronized (manifest) {
            manifest.stores.add(entry);
        }
        long bytes = entry.artifacts.stream().mapToLong(a -> a.size).sum();
        long added = entry.artifacts.stream().mapToLong(Manifest.Artifact::addedBytes).sum();
        if (ctx.draft().isBackup()) {
            Run.Item result = ctx.run().result(entry.name);
            result.status = ItemStatus.succeeded;
            result.durationMs = entry.durationMs;
            result.bytes = bytes;
            result.added = added;
        }
        LOG.info("{} {} ({}): {} artifact(s), {} bytes ({} new to the repository) in {} ms, downtime {} ms",
                ctx.draft().isBackup() ? "Backed up" : "Safety copy of", entry.name, entry.method,
                entry.artifacts.size(),
                bytes, added, entry.durationMs, entry.downtimeMs);
    }
}
