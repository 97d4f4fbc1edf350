package io.snapdock.processors.catalog;

import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.SafetySnapshots;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The safety snapshots restores took, newest first, each with its outcome (pending while it has none). */
public class ListSafetySnapshotsProcessor implements Processor {

    private final RepositoryViews repositories;

    public ListSafetySnapshotsProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(new SafetySnapshots(repositories.primary()).list());
    }
}
