package io.snapdock.cli;

import io.snapdock.repo.Json;
import io.snapdock.repo.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List snapshots, newest first, with their stores, size and validation status.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--from", paramLabel = "SOURCE",
            description = "primary or replica (default: the primary, or the replica when the primary is unreachable).")
    String from;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try (CamelSession session = CamelSession.start(common, false)) {
            List<Snapshots.Summary> list = session.request("direct:list", null, from == null ? Map.of() : Map.of("from", from)).getMessage().getBody(List.class);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(list));
                return 0;
            }
            // ADDED: what the snapshot added to the repository (the rest was there already: dedup).
            // WHERE: primary, replica or both (a replica configured: snapdock.replica).
            out.printf("%-17s  %-10s  %10s  %10s  %-9s  %-7s  %s%n", "STAMP", "STATUS", "SIZE", "ADDED", "ENCRYPTED", "WHERE",
                    "STORES");
            for (Snapshots.Summary s : list) {
                String status = s.validation() + (s.failedStores() > 0 ? " (" + s.failedStores() + " store(s) failed)" : "");
                out.printf("%-17s  %-10s  %10s  %10s  %-9s  %-7s  %s%n", s.stamp(), status, s.complete() ? human(s.size()) : "-",
                        s.complete() ? human(s.added()) : "-",
                        s.complete() ? (s.encryption().startsWith("none") ? "no" : "yes") : "-", s.where(),
                        s.complete() ? String.join(",", s.stores()) : "(no manifest: not restorable)");
            }
            return 0;
        }
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
