package io.snapdock.processors.restore;

import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.restore.RestorePlanner;
import io.snapdock.run.Requests;
import io.snapdock.run.RunContext;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts a restore run: resolves the stamp and stores (the body is a {@link Requests.Restore})
 * against the snapshot's manifest and the stores running now, then waits for the run lock. With
 * the stamp {@code latest}, each store's snapshot is chosen here (after the lock: a backup that
 * just finished counts). Decides whether a safety snapshot is taken first: the setting, unless
 * the request said no ({@code "safetySnapshot": false}, {@code --no-safety-snapshot}).
 */
public class BeginRestoreRunProcessor implements Processor {

    private final RunRegistry runs;
    private final RestorePlanner planner;
    private final RepositoryViews repositories;
    private final boolean safetySnapshotByDefault;

    public BeginRestoreRunProcessor(RunRegistry runs, RestorePlanner planner, RepositoryViews repositories,
            boolean safetySnapshotByDefault) {
        this.runs = runs;
        this.planner = planner;
        this.repositories = repositories;
        this.safetySnapshotByDefault = safetySnapshotByDefault;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Restore request = exchange.getMessage().getBody(Requests.Restore.class);
        Run queued = RunExchange.queued(exchange);
        Run run = queued != null ? queued : runs.register(new Run("restore", RunExchange.trigger(exchange, "cli")));
        RunContext ctx = RunExchange.begin(exchange, run);
        run.stamp = request != null ? request.stamp : null;
        run.requestedStores = request != null ? request.stores : null;
        run.source = repositories.resolve(request != null ? request.from : null);
        ctx.setSafetySnapshot(
                safetySnapshotByDefault && !(request != null && Boolean.FALSE.equals(request.safetySnapshot)));
        runs.lock(run);
        run.start();
        if (request != null) {
            request.from = run.source;    // the plan reads where the run reads, decided once
        }
        RestorePlanner.RestorePlan plan = planner.plan(request);
        ctx.manifest(plan.manifest());
        ctx.sources().putAll(plan.sources());
        run.stamp = plan.stamp();
        ctx.setTargets(plan.targets());
        plan.targets().forEach(
                s -> run.item(s.name(), s.type(), ItemStatus.pending).source = plan.sources().get(s.name()).stamp);
    }
}
