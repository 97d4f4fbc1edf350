package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** Restores one store (the body: the store as it runs now) from the run's snapshot. */
public class RestoreStoreProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreStoreProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        Manifest.StoreEntry entry = run.manifest.store(spec.name());
        Run.StoreResult result = run.result(spec.name());
        result.status = "running";
        Instant start = Instant.now();
        LOG.info("Restoring {} from snapshot {}{}", spec.name(), run.stamp,
                io.snapdock.run.Sources.REPLICA.equals(run.source) ? " (read from the replica)" : "");
        sd.handlers().forMethod(entry.type, entry.method).restore(sd.context(spec, entry), entry,
                artifact -> sd.snapshots(run.source).readArtifact(run.stamp, spec.name(), artifact));
        result.status = "succeeded";
        result.durationMs = Instant.now().toEpochMilli() - start.toEpochMilli();
        LOG.info("Restored {} from snapshot {} in {} ms", spec.name(), run.stamp, result.durationMs);
    }
}
