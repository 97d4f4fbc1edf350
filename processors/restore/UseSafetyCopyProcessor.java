package io.snapdock.processors.restore;

import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RestoreSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A rollback restores the store (the body) from the safety snapshot taken before the restore
 * touched it, read from the repository that holds it (the one the restore read).
 */
public class UseSafetyCopyProcessor implements Processor {

    private final RepositoryViews repositories;

    public UseSafetyCopyProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        Snapshots safety = repositories.snapshots(run.source).safety();
        exchange.setProperty(RunExchange.RESTORE_FROM, new RestoreSource(safety, run.safety,
                safety.manifest(run.safety).store(spec.name())));
    }
}
