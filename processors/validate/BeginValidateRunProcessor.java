package io.snapdock.processors.validate;

import io.snapdock.model.Run;
import io.snapdock.model.Stamp;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Starts an on-demand validation of the snapshot named by the {@code stamp} header (read where header {@code from} says). */
public class BeginValidateRunProcessor implements Processor {

    private final RunRegistry runs;
    private final RepositoryViews repositories;

    public BeginValidateRunProcessor(RunRegistry runs, RepositoryViews repositories) {
        this.runs = runs;
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = new Run("validate", RunExchange.trigger(exchange, "cli"));
        run.stamp = Stamp.require(exchange.getMessage().getHeader("stamp", String.class));
        run.source = repositories.resolve(exchange.getMessage().getHeader("from", String.class));
        Snapshots snapshots = repositories.snapshots(run.source);
        RunContext ctx = new RunContext(run);
        ctx.manifest(snapshots.manifest(run.stamp));
        snapshots.requireReadable(ctx.manifest());
        run.start();
        runs.register(run);
        exchange.setProperty(RunExchange.RUN, run);
        exchange.setProperty(RunExchange.CONTEXT, ctx);
    }
}
