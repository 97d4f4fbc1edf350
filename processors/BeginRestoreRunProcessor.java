package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Requests;
import io.snapdock.run.Run;
import io.snapdock.run.RunChecks;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts a restore run: resolves the stamp and stores (the body is a {@link Requests.Restore})
 * against the snapshot's manifest and the stores running now, then waits for the run lock. With
 * the stamp {@code latest}, each store's snapshot is chosen here (after the lock: a backup that
 * just finished counts).
 */
public class BeginRestoreRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Requests.Restore request = exchange.getMessage().getBody(Requests.Restore.class);
        Run queued = exchange.getProperty(RunSupport.RUN, Run.class);
        Run run = queued != null ? queued : sd.runs().register(new Run("restore", RunSupport.trigger(exchange, "cli")));
        exchange.setProperty(RunSupport.RUN, run);
        run.stamp = request != null ? request.stamp : null;
        run.requestedStores = request != null ? request.stores : null;
        run.source = io.snapdock.run.Sources.resolve(sd, request != null ? request.from : null);
        run.withoutSafetySnapshot = request != null && Boolean.FALSE.equals(request.safetySnapshot);
        sd.runs().lock(run);
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
        if (request != null) {
            request.from = run.source;    // the plan reads where the run reads, decided once
        }
        RunChecks.RestorePlan plan = RunChecks.restorePlan(sd, request);
        run.manifest = plan.manifest();
        run.sources = plan.sources();
        run.stamp = plan.stamp();
        run.targets = plan.targets();
        plan.targets().forEach(s -> {
            Run.StoreResult r = new Run.StoreResult(s.name(), s.type(), "pending");
            r.source = plan.sources().get(s.name()).stamp;
            run.stores.add(r);
        });
    }
}
