package io.snapdock.processors.repository;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Takes the repository's lock for the run, released by {@code unlockRepository}. Shared for a
 * run that writes or reads (backup, restore, replication: before its first read of the index and
 * its first write), so a prune's garbage collection, in this process or another, never deletes a
 * pack this run may still use; it waits while a prune holds the lock. Exclusive for a prune: it
 * waits for every run holding the shared lock, and they wait for it.
 */
public class LockRepositoryProcessor implements Processor {

    private final RepositoryViews repositories;
    private final RepositoryLock.Settings settings;
    private final boolean exclusive;

    public LockRepositoryProcessor(RepositoryViews repositories, RepositoryLock.Settings settings, boolean exclusive) {
        this.repositories = repositories;
        this.settings = settings;
        this.exclusive = exclusive;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        if (ctx.repositoryLock() != null) {
            return;
        }
        Run run = ctx.run();
        var repository = repositories.snapshots(run.source).repository();
        ctx.repositoryLock(exclusive ? RepositoryLock.exclusive(repository, run.kind, settings)
                : RepositoryLock.shared(repository, run.kind, settings));
    }
}
