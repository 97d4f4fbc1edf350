package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.maintenance.MaintenanceSettings;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.run.Requests;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Starts a cleanup or repack run (header {@code snapdockKind}): the targets asked for (all by
 * default), then the run lock, so maintenance never overlaps a backup's dumps or a restore. With
 * {@code snapdock.maintenance.enabled=false} the run is recorded as skipped and touches nothing.
 */
public class BeginMaintenanceRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        Requests.Maintenance request = exchange.getMessage().getBody(Requests.Maintenance.class);
        if (run == null) {
            run = new Run(exchange.getMessage().getHeader(StartRunProcessor.KIND, String.class),
                    RunSupport.trigger(exchange, "schedule"));
            run.requestedTargets = request == null ? List.of() : request.targets;
            sd.runs().register(run);
            exchange.setProperty(RunSupport.RUN, run);
        }
        MaintenanceSettings settings = sd.maintenance();
        if (!settings.enabled()) {
            run.status = Run.Status.skipped;
            run.startedAt = RunSupport.now();
            run.item("maintenance", "switch", "skipped").detail = "maintenance is switched off (snapdock.maintenance.enabled=false)";
            exchange.setProperty(MaintenanceSupport.TARGETS, List.of());
            return;
        }
        if (settings.targets().isEmpty()) {
            // A schedule on an installation without targets: nothing to do is not a failure.
            // (The CLI and the API refuse the request before it gets here.)
            run.status = Run.Status.skipped;
            run.startedAt = RunSupport.now();
            run.item("maintenance", "switch", "skipped").detail = "no maintenance target is configured";
            exchange.setProperty(MaintenanceSupport.TARGETS, List.of());
            return;
        }
        List<MaintenanceTarget> targets = settings.select(run.requestedTargets);
        sd.runs().lock(run);
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
        exchange.setProperty(MaintenanceSupport.TARGETS, targets);
    }
}
