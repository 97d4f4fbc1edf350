package io.snapdock.processors.restore;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * A safety snapshot is whole or it is nothing: if any store could not be copied, no manifest is
 * written and the restore is refused (a backup, by contrast, keeps the stores that worked).
 */
public class RequireEveryStoreProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        SnapshotDraft draft = RunExchange.context(exchange).draft();
        List<Manifest.StoreFailure> failures = draft.manifest().failures;
        if (!failures.isEmpty()) {
            throw SnapdockException
                    .failed(String.join("; ", failures.stream().map(f -> f.name + ": " + f.error).toList()));
        }
    }
}
