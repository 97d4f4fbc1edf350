package io.snapdock.cli;

import io.snapdock.maintenance.MaintenanceSettings;
import io.snapdock.model.Json;
import io.snapdock.model.Run;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** What {@code cleanup} and {@code repack} share: check the targets, run, print one line per item, exit by outcome. */
final class MaintenanceRun {

    private MaintenanceRun() {
    }

    static int run(CommonOptions common, String kind, List<String> targets, boolean json, PrintWriter out,
                   PrintWriter err) {
        MaintenanceSettings settings = MaintenanceSettings.from(common.load());
        if (settings.enabled()) {
            settings.select(targets);   // an unknown or missing target: exit 2 before anything starts
        }
        Requests.Maintenance request = new Requests.Maintenance();
        request.targets = targets;
        try (CamelSession session = CamelSession.start(common, true)) {
            Exchange ex = session.send("direct:" + kind, request, Map.of());
            Run run = ex.getProperty("snapdockRun", Run.class);
            if (run == null) {
                CamelSession.rethrow(ex, null);
                err.println("snapdock: " + kind + " did not start");
                return 1;
            }
            if (json) {
                out.println(Json.write(run));
            } else {
                print(run, out);
            }
            if (run.status == Run.Status.failed) {
                err.println("snapdock: " + kind + " failed: " + run.error);
                return 1;
            }
            return 0;
        }
    }

    static void print(Run run, PrintWriter out) {
        synchronized (run.stores) {
            for (Run.Item r : run.stores) {
                StringBuilder line = new StringBuilder(String.format("%-44s %-9s", r.name, r.status));
                if (r.rows != null) {
                    line.append(String.format(" %10d rows", r.rows));
                }
                if (r.durationMs != null) {
                    line.append(String.format(" %8d ms", r.durationMs));
                }
                if (r.error != null) {
                    line.append("  ").append(r.error);
                } else if (r.detail != null) {
                    line.append("  ").append(r.detail);
                }
                out.println(line.toString().stripTrailing());
            }
        }
        out.println(
                run.kind + " " + run.status + (run.rowsDeleted != null ? ", " + run.rowsDeleted + " rows deleted" : "")
                        + (run.bytes != null && "repack".equals(run.kind) ? ", " + run.bytes + " bytes reclaimed" : "")
                        + " (run " + run.id + ")");
    }
}
