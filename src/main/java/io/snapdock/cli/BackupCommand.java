package io.snapdock.cli;

import io.snapdock.model.Run;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up now: every store, or the ones named. Prints the snapshot's stamp.")
final class BackupCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--store", paramLabel = "NAME", description = "Only this store (repeatable).")
    List<String> stores = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Requests.Backup request = new Requests.Backup();
        request.stores = stores;
        try (CamelSession session = CamelSession.start(common, true)) {
            Exchange ex = session.send("direct:backup", request, Map.of());
            Run run = ex.getProperty("snapdockRun", Run.class);
            io.snapdock.run.RunContext ctx = ex.getProperty("snapdockContext", io.snapdock.run.RunContext.class);
            boolean written = run != null && ctx != null && ctx.draft() != null && ctx.draft().written();
            if (written) {
                spec.commandLine().getOut().println(run.stamp);
            }
            if (!written) {
                CamelSession.rethrow(ex, run);
            }
            if (run.replica != null) {
                // Never changes the exit code: the snapshot is complete on the primary.
                spec.commandLine().getErr().println("snapdock: replica " + run.replica.status
                        + (run.replica.error != null ? ": " + run.replica.error
                                : " (" + run.replica.packsCopied + " pack(s), " + run.replica.bytesCopied
                                        + " bytes copied)"));
            }
            if (run == null || run.status != Run.Status.succeeded) {
                spec.commandLine().getErr()
                        .println("snapdock: backup failed: " + (run != null ? run.error : "unknown"));
                return 1;
            }
            return 0;
        }
    }
}
