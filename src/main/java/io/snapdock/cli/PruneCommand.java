package io.snapdock.cli;

import io.snapdock.model.Json;
import io.snapdock.model.PruneReport;
import io.snapdock.model.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true, description = "Apply the retention rules (snapdock.retention.*): delete the snapshots no rule keeps, then the packs"
        + " no snapshot needs. Waits for running backups (repository lock). Prints the plan: STAMP, KEEP/DELETE, reasons.")
final class PruneCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dry-run", description = "Only print the plan (and what the collection would free); delete nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CamelSession session = CamelSession.start(common, false)) {
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                PruneReport report = session.request("direct:prune-preview", null, Map.of()).getMessage()
                        .getBody(PruneReport.class);
                print(out, report);
                return 0;
            }
            Run run = session.request("direct:prune", null, Map.of()).getProperty("snapdockRun", Run.class);
            if (run.prune != null) {
                print(out, run.prune);
            }
            if (run.status != Run.Status.succeeded) {
                spec.commandLine().getErr().println("prune failed: " + run.error);
                return 1;
            }
            return 0;
        }
    }

    private void print(PrintWriter out, PruneReport report) {
        if (json) {
            out.println(Json.write(report));
            return;
        }
        out.print(report.plan.table());
        out.println((report.dryRun ? "would delete " : "deleted ") + report.snapshotsDeleted + " snapshot(s)"
                + (report.gc == null ? ""
                        : ", " + report.gc.packsDeleted + " pack(s), repack " + report.gc.packsRepacked
                                + " pack(s), " + report.gc.bytesFreed + " bytes freed"
                                + (report.dryRun ? " (not counting what repacking frees)" : "")));
    }
}
