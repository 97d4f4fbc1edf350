package io.snapdock.processors.backup;

import io.snapdock.SnapdockException;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;

/**
 * Writes the manifest of the snapshot being written, LAST: only from this moment is it listed as
 * restorable (a backup) or usable by a rollback (a safety snapshot). When every store failed
 * there is nothing to restore, so no manifest is written.
 */
public class WriteManifestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        SnapshotDraft draft = RunExchange.context(exchange).draft();
        if (draft.manifest().stores.isEmpty()) {
            throw SnapdockException.failed("every store failed, no snapshot was written: "
                    + String.join("; ", draft.manifest().failures.stream().map(f -> f.name + ": " + f.error).toList()));
        }
        draft.manifest().finishedAt = Instant.now().toString();
        draft.writtenPacks(draft.view().writeManifest(draft.manifest()));
    }
}
