package io.snapdock.cli;

import io.snapdock.model.CheckReport;
import io.snapdock.model.Json;
import io.snapdock.model.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the repository: every chunk of every snapshot indexed and in an existing, consistent pack."
        + " Exit 1 when something a snapshot needs is missing or damaged.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--read-data", description = "Also read back and authenticate every chunk of every pack.")
    boolean readData;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    SourceOption source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CamelSession session = CamelSession.start(common, false)) {
            Run run = session.request("direct:check", request(), Map.of()).getProperty("snapdockRun", Run.class);
            CheckReport report = run.check;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(report));
            } else {
                out.println((report.ok ? "ok" : "damaged: " + String.join(", ", report.codes()))
                        + " — " + report.snapshots + " snapshot(s), " + report.packs + " pack(s), " + report.chunks
                        + " chunk(s)" + (readData ? ", " + report.bytesRead + " bytes read and authenticated" : "")
                        + "; encryption " + report.encryption
                        + ("replica".equals(run.source) ? "; read from the replica" : ""));
                Findings.print(out, report.errors, report.warnings);
            }
            return report.ok ? 0 : 1;
        }
    }

    private io.snapdock.run.Requests.Check request() {
        io.snapdock.run.Requests.Check request = new io.snapdock.run.Requests.Check();
        request.readData = readData;
        request.from = source.from;
        return request;
    }
}
