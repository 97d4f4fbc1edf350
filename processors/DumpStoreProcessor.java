package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.Snapshots;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Dumps one store (the body) with its handler, streaming every artifact straight into the
 * repository, and adds the store's entry to the manifest being built.
 */
public class DumpStoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DumpStoreProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        StoreHandler handler = sd.handlers().get(spec.type());
        Run.StoreResult result = run.result(spec.name());
        result.status = "running";

        Manifest.StoreEntry entry = new Manifest.StoreEntry();
        entry.name = spec.name();
        entry.type = spec.type();
        entry.method = spec.mode();
        entry.container = spec.containerName();
        entry.image = spec.image();
        Instant start = Instant.now();
        entry.startedAt = start.toString();
        StoreContext ctx = sd.context(spec, entry);
        Snapshots snapshots = sd.snapshots();
        LOG.info("Backing up {} ({}) via {}", spec.name(), spec.type(), ctx.runner().describe());

        handler.backup(ctx, artifact -> snapshots.openArtifact(run.stamp, spec.name(), artifact));

        Instant end = Instant.now();
        entry.finishedAt = end.toString();
        entry.durationMs = end.toEpochMilli() - start.toEpochMilli();
        synchronized (run.manifest) {
            run.manifest.stores.add(entry);
        }
        result.status = "succeeded";
        result.durationMs = entry.durationMs;
        result.bytes = entry.artifacts.stream().mapToLong(a -> a.size).sum();
        LOG.info("Backed up {}: {} artifact(s), {} bytes in {} ms", spec.name(), entry.artifacts.size(), result.bytes,
                entry.durationMs);
    }
}
