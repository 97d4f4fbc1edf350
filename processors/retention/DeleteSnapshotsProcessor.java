package io.snapdock.processors.retention;

import io.snapdock.model.PruneReport;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.retention.Prune;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Supplier;

/** Deletes the snapshot folders the plan deletes, each manifest first (a half-deleted one is never listed as restorable). */
public class DeleteSnapshotsProcessor implements Processor {

    private final Supplier<Prune> prune;

    public DeleteSnapshotsProcessor(Supplier<Prune> prune) {
        this.prune = prune;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        PruneReport report = RunExchange.context(exchange).run().prune;
        report.deleted.addAll(prune.get().delete(report.plan));
        report.snapshotsDeleted = report.deleted.size();
    }
}
