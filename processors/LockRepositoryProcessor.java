package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Takes the repository's shared lock for a writing run (before its first read of the index and
 * its first write), so a prune's garbage collection, in this process or another, never deletes a
 * pack this run may still use. Waits while a prune holds the exclusive lock. Released by
 * {@code unlockRepository}.
 */
public class LockRepositoryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        if (run.repositoryLock == null) {
            run.repositoryLock = RepositoryLock.shared(sd.snapshots(run.source).repository(), run.kind,
                    RepositoryLock.Settings.from(sd.config()));
        }
    }
}
