package io.snapdock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Prune old rows of the maintenance targets now (online), create the indexes that make it cheap,"
                + " tune autovacuum. Prints one line per rule, index and table.")
final class CleanupCommand implements Callable<Integer> {

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
        return MaintenanceRun.run(common, "cleanup", targets, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
