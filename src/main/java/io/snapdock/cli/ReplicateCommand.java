package io.snapdock.cli;

import io.snapdock.model.ReplicaStatus;
import io.snapdock.model.Run;
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

@Command(name = "replicate", mixinStandardHelpOptions = true, description = "Copy snapshots to the replica (snapdock.replica): the ones named, or every snapshot it lacks."
        + " Each snapshot's manifest is written there last; what is there already is not copied again.")
final class ReplicateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "STAMP", arity = "0..*", description = "Snapshots to copy (default: all missing on the replica).")
    List<String> stamps = new ArrayList<>();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        stamps.forEach(io.snapdock.model.Stamp::require);
        Requests.Replicate request = new Requests.Replicate();
        request.stamps = stamps;
        try (CamelSession session = CamelSession.start(common, true)) {
            Exchange ex = session.send("direct:replicate", request, Map.of());
            Run run = ex.getProperty("snapdockRun", Run.class);
            ReplicaStatus r = run != null ? run.replica : null;
            if (r == null || (r.status != io.snapdock.model.ReplicaStatus.State.succeeded && r.copied.isEmpty()
                    && r.present.isEmpty())) {
                // Nothing done (no replica, a replica of another repository, unreachable): the error as it is.
                CamelSession.rethrow(ex, run);
                if (r == null) {
                    return 1;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(io.snapdock.model.Json.write(r));
            } else {
                out.println(r.status + ": " + r.copied.size() + " snapshot(s) copied, " + r.present.size()
                        + " already there, " + r.packsCopied + " pack(s), " + r.bytesCopied + " bytes copied to "
                        + r.location);
                r.copied.forEach(s -> out.println("  copied  " + s));
            }
            if (r.status != io.snapdock.model.ReplicaStatus.State.succeeded) {
                spec.commandLine().getErr().println("snapdock: replicate failed: " + r.error);
                return 1;
            }
            return 0;
        }
    }
}
