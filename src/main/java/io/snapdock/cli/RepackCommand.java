package io.snapdock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "repack", mixinStandardHelpOptions = true,
        description = "Run pg_repack on the maintenance targets' tables now (online). Tables, or the whole target, are"
                + " reported as skipped when the table, the extension or the client is missing.")
final class RepackCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this maintenance target (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "Print the run as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return MaintenanceRun.run(common, "repack", targets, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
