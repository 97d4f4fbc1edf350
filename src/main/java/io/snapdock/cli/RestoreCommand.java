package io.snapdock.cli;

import io.snapdock.run.Requests;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore stores from a snapshot (all the stores in it, or the ones named).")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "STAMP", description = "The snapshot, e.g. 20260407T060000Z.")
    String stamp;

    @Option(names = "--store", paramLabel = "NAME", description = "Only this store (repeatable).")
    List<String> stores = new ArrayList<>();

    @Option(names = "--from", paramLabel = "SOURCE",
            description = "primary or replica (default: the primary, or the replica when the primary is unreachable).")
    String from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        io.snapdock.model.Stamp.require(stamp);
        stores.forEach(io.snapdock.model.Names::requireStoreName);
        Requests.Restore request = new Requests.Restore();
        request.stamp = stamp;
        request.stores = stores;
        request.from = from;
        try (CamelSession session = CamelSession.start(common, true)) {
            Exchange ex = session.send("direct:restore", request, Map.of());
            Run run = ex.getProperty("snapdockRun", Run.class);
            CamelSession.rethrow(ex, run);
            PrintWriter out = spec.commandLine().getOut();
            run.stores.forEach(r -> out.println(r.name + " " + r.status + (r.error != null ? ": " + r.error : "")));
            if (run.status != Run.Status.succeeded) {
                spec.commandLine().getErr().println("snapdock: restore failed: " + run.error);
                return 1;
            }
            return 0;
        }
    }
}
