package io.snapdock.cli;

import io.snapdock.model.Run;
import io.snapdock.model.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true, description = "Re-check a snapshot: checksums and each store's native check. Exit 1 when invalid.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "STAMP", description = "The snapshot, e.g. 20260407T060000Z.")
    String stamp;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    SourceOption source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        io.snapdock.model.Stamp.require(stamp);
        try (CamelSession session = CamelSession.start(common, false)) {
            Run run = session
                    .request("direct:validate", null,
                            source.headers(stamp))
                    .getProperty("snapdockRun", Run.class);
            ValidationReport report = run.validation;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(io.snapdock.model.Json.write(report));
            } else {
                out.println(stamp + " " + (report.valid ? "valid" : "invalid: " + String.join(", ", report.codes())));
                Findings.print(out, report.errors, report.warnings);
            }
            return report.valid ? 0 : 1;
        }
    }
}
