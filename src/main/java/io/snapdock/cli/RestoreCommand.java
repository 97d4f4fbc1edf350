package io.snapdock.cli;

import io.snapdock.model.Json;
import io.snapdock.model.Run;
import io.snapdock.restore.RestorePlanner;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true, description = {
        "Restore stores from a snapshot (all the stores in it, or the ones named).",
        "A safety snapshot of the stores is taken first; a store that fails is rolled back to it."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "STAMP", description = "The snapshot, e.g. 20260407T060000Z, or 'latest' (per store the"
            + " newest snapshot whose validation said valid).")
    String stamp;

    @Option(names = "--store", paramLabel = "NAME", description = "Only this store (repeatable).")
    List<String> stores = new ArrayList<>();

    @Mixin
    SourceOption source;

    @Option(names = "--dry-run", description = "Only show what would be replaced and which containers stopped; change nothing.")
    boolean dryRun;

    @Option(names = "--no-safety-snapshot", description = "No safety snapshot first, so no automatic rollback: for a"
            + " store whose current data is lost and cannot be copied.")
    boolean noSafetySnapshot;

    @Option(names = "--json", description = "Print JSON (the run, or with --dry-run the preview).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        if (!RestorePlanner.LATEST.equals(stamp)) {
            io.snapdock.model.Stamp.require(stamp);
        }
        stores.forEach(io.snapdock.model.Names::requireStoreName);
        Requests.Restore request = new Requests.Restore();
        request.stamp = stamp;
        request.stores = stores;
        request.from = source.from;
        request.dryRun = dryRun;
        request.safetySnapshot = noSafetySnapshot ? Boolean.FALSE : null;
        PrintWriter out = spec.commandLine().getOut();
        try (CamelSession session = CamelSession.start(common, !dryRun && !json)) {
            if (dryRun) {
                Map<String, Object> preview = session.request("direct:restore-preview", request, Map.of())
                        .getMessage().getBody(Map.class);
                out.println(json ? Json.write(preview) : text(preview));
                return 0;
            }
            Exchange ex = session.send("direct:restore", request, Map.of());
            Run run = ex.getProperty("snapdockRun", Run.class);
            CamelSession.rethrow(ex, run);
            if (json) {
                out.println(Json.write(run));
            } else {
                if (run.safety != null) {
                    out.println("safety snapshot " + run.safety);
                }
                run.stores.forEach(
                        r -> out.println(r.name + " " + r.status + (r.source != null ? " (from " + r.source + ")" : "")
                                + (r.detail != null ? "; " + r.detail : "")
                                + (r.error != null ? ": " + r.error : "")
                                + (r.rollback != null ? "; rollback: " + r.rollback : "")));
            }
            if (run.status != Run.Status.succeeded) {
                spec.commandLine().getErr().println("snapdock: restore failed: " + run.error);
                return 1;
            }
            return 0;
        }
    }

    /** The preview as lines: per store, what would be replaced by what, and what would stop. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> preview) {
        StringBuilder sb = new StringBuilder(
                "dry run: restore from " + preview.get("stamp") + " would change nothing now;"
                        + (Boolean.TRUE.equals(preview.get("safetySnapshot"))
                                ? " a safety snapshot would be taken first" : " no safety snapshot (turned off)")
                        + "\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) preview.get("stores")) {
            List<String> stops = (List<String>) s.get("stops");
            sb.append(s.get("name")).append(" (").append(s.get("type")).append(") from ").append(s.get("source"))
                    .append('\n')
                    .append("  now:      ").append(Json.write(s.get("current")).replaceAll("\\s+", " ")).append('\n')
                    .append("  snapshot: ").append(Json.write(s.get("snapshot")).replaceAll("\\s+", " ")).append('\n')
                    .append("  stops:    ")
                    .append(stops.isEmpty() ? "nothing (restored online)" : String.join(", ", stops))
                    .append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
