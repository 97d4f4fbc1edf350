package io.snapdock.cli;

import io.snapdock.model.Json;
import io.snapdock.repo.snapshot.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List snapshots, newest first, with their stores, size and validation status (--safety: the safety snapshots).")
final class ListCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    SourceOption source;

    @Option(names = "--safety", description = "List the safety snapshots restores took (with their outcome) instead.")
    boolean safety;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try (CamelSession session = CamelSession.start(common, false, io.snapdock.app.SnapdockApp.READ_ROUTES)) {
            if (safety) {
                return listSafety(session);
            }
            List<Snapshots.Summary> list = session
                    .request("direct:list", null, source.headers(null)).getMessage()
                    .getBody(List.class);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(list));
                return 0;
            }
            // ADDED: what the snapshot added to the repository (the rest was there already: dedup).
            // WHERE: primary, replica or both (a replica configured: snapdock.replica).
            out.printf("%-17s  %-10s  %10s  %10s  %-9s  %-7s  %s%n", "STAMP", "STATUS", "SIZE", "ADDED", "ENCRYPTED",
                    "WHERE",
                    "STORES");
            for (Snapshots.Summary s : list) {
                String status = s.validation()
                        + (s.failedStores() > 0 ? " (" + s.failedStores() + " store(s) failed)" : "");
                out.printf("%-17s  %-10s  %10s  %10s  %-9s  %-7s  %s%n", s.stamp(), status,
                        s.complete() ? human(s.size()) : "-",
                        s.complete() ? human(s.added()) : "-",
                        s.complete() ? (s.encryption().startsWith("none") ? "no" : "yes") : "-", s.where(),
                        s.complete() ? String.join(",", s.stores()) : "(no manifest: not restorable)");
            }
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private int listSafety(CamelSession session) {
        List<io.snapdock.repo.snapshot.SafetySnapshots.Summary> list = session
                .request("direct:list-safety", null, Map.of())
                .getMessage().getBody(List.class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {   // the array scripts read; the journal as JSON: GET /api/restore-journal
            out.println(Json.write(list));
            return 0;
        }
        List<Map<String, Object>> journal = session.request("direct:restore-journal", null, Map.of()).getMessage()
                .getBody(List.class);
        out.printf("%-17s  %-16s  %10s  %-17s  %-36s  %s%n", "STAMP", "OUTCOME", "SIZE", "RESTORED", "RUN", "STORES");
        for (io.snapdock.repo.snapshot.SafetySnapshots.Summary s : list) {
            out.printf("%-17s  %-16s  %10s  %-17s  %-36s  %s%n", s.stamp(), s.outcome(), human(s.size()),
                    s.restored() == null ? "-" : s.restored(), s.run() == null ? "-" : s.run(),
                    String.join(",", s.stores()));
        }
        if (!journal.isEmpty()) {
            out.println();
            out.println("Restore journal (stores whose restore is not over):");
            out.printf("%-12s  %-16s  %-17s  %-36s  %s%n", "STORE", "STATE", "SAFETY", "RUN", "DETAIL");
            for (Map<String, Object> e : journal) {
                Object detail = e.get("parked") != null ? e.get("parked")
                        : e.get("lastError") != null
                                ? e.get("attempts") + " attempt(s), next " + e.get("nextAttempt") + ": "
                                        + e.get("lastError")
                                : "since " + e.get("since");
                out.printf("%-12s  %-16s  %-17s  %-36s  %s%n", e.get("store"), e.get("state"), e.get("safety"),
                        e.get("run"), detail);
            }
        }
        return 0;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
