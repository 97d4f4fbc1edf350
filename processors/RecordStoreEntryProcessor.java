package io.snapdock.processors;

import io.snapdock.model.Manifest;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's copy is complete in the repository: it joins the manifest and the run's results. */
public class RecordStoreEntryProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStoreEntryProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunSupport.run(exchange);
        Manifest.StoreEntry entry = exchange.getProperty(DumpStoreProcessor.ENTRY, Manifest.StoreEntry.class);
        synchronized (run.manifest) {
            run.manifest.stores.add(entry);
        }
        Run.StoreResult result = run.result(entry.name);
        result.status = "succeeded";
        result.durationMs = entry.durationMs;
        result.bytes = entry.artifacts.stream().mapToLong(a -> a.size).sum();
        result.added = entry.artifacts.stream().mapToLong(Manifest.Artifact::addedBytes).sum();
        LOG.info("Backed up {} ({}): {} artifact(s), {} bytes ({} new to the repository) in {} ms, downtime {} ms",
                entry.name, entry.method, entry.artifacts.size(), result.bytes, result.added, entry.durationMs,
                entry.downtimeMs);
    }
}
