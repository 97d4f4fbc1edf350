package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.MaintenanceSettings;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.Requests;
import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Starts a cleanup or repack run: the targets asked for (all by default), then the run lock, so
 * maintenance never overlaps a backup's dumps or a restore. With
 * {@code snapdock.maintenance.enabled=false} the run is recorded as skipped and touches nothing.
 */
public class BeginMaintenanceRunProcessor implements Processor {

    private final RunRegistry runs;
    private final MaintenanceTargets targets;
    private final String kind;

    public BeginMaintenanceRunProcessor(RunRegistry runs, MaintenanceTargets targets, String kind) {
        this.runs = runs;
        this.targets = targets;
        this.kind = kind;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.queued(exchange);
        if (run == null) {
            Requests.Maintenance request = exchange.getMessage().getBody(Requests.Maintenance.class);
            run = new Run(kind, RunExchange.trigger(exchange, "schedule"));
            run.requestedTargets = request == null ? List.of() : request.targets;
            runs.register(run);
        }
        RunExchange.begin(exchange, run);
        MaintenanceSettings settings = targets.settings();
        exchange.setProperty(RunExchange.TARGETS, List.of());
        if (!settings.enabled()) {
            run.skip("maintenance is switched off (snapdock.maintenance.enabled=false)");
            return;
        }
        if (settings.targets().isEmpty()) {
            // A schedule on an installation without targets: nothing to do is not a failure.
            // (The CLI and the API refuse the request before it gets here.)
            run.skip("no maintenance target is configured");
            return;
        }
        List<MaintenanceTarget> selected = settings.select(run.requestedTargets);
        runs.lock(run);
        run.start();
        exchange.setProperty(RunExchange.TARGETS, selected);
    }
}
