package io.snapdock.cli;

import io.snapdock.model.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a snapshot's manifest (JSON).")
final class ShowCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "STAMP", description = "The snapshot, e.g. 20260407T060000Z.")
    String stamp;

    @Mixin
    SourceOption source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        io.snapdock.model.Stamp.require(stamp);
        try (CamelSession session = CamelSession.start(common, false, io.snapdock.app.SnapdockApp.READ_ROUTES)) {
            Object manifest = session
                    .request("direct:show", null,
                            source.headers(stamp))
                    .getMessage().getBody();
            spec.commandLine().getOut().println(Json.write(manifest));
            return 0;
        }
    }
}
