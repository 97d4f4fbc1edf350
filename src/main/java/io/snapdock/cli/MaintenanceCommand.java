package io.snapdock.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** What {@code cleanup} and {@code repack} share: the targets, JSON output, one run through the routes. */
abstract class MaintenanceCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this maintenance target (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "Print the run as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The run's kind: cleanup or repack. */
    abstract String kind();

    @Override
    public Integer call() {
        return MaintenanceRun.run(common, kind(), targets, json, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
