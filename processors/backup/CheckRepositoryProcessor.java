package io.snapdock.processors.backup;

import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Opens the repository a run writes to and checks it can be used (folder writable, bucket
 * reachable, credentials accepted, its content store ready with the right key): refused here,
 * before any store is touched.
 */
public class CheckRepositoryProcessor implements Processor {

    private final RepositoryViews repositories;

    public CheckRepositoryProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) throws java.io.IOException {
        repositories.snapshots(RunExchange.context(exchange).run().source).prepareForBackup();
    }
}
