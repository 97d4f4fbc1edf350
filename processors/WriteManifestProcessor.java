package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;

/**
 * Writes the manifest, LAST: only from this moment is the snapshot listed as restorable.
 * When every store failed there is nothing to restore, so no manifest is written.
 */
public class WriteManifestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Run run = RunSupport.run(exchange);
        if (run.manifest.stores.isEmpty()) {
            throw SnapdockException.failed("every store failed, no snapshot was written: "
                    + String.join("; ", run.manifest.failures.stream().map(f -> f.name + ": " + f.error).toList()));
        }
        run.manifest.finishedAt = Instant.now().toString();
        run.writtenPacks = Snapdock.from(exchange).snapshots().writeManifest(run.manifest);
    }
}
