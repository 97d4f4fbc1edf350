package io.snapdock.cli;

import io.snapdock.config.SnapdockConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command takes. */
final class CommonOptions {

    @Option(names = {"-c",
            "--config"}, paramLabel = "FILE", description = "A properties file added over the defaults (environment variables still win).")
    Path config;

    @Option(names = {"-v", "--verbose"}, description = "Log Camel's and Snapdock's progress to stderr.")
    boolean verbose;

    SnapdockConfig load() {
        return io.snapdock.app.ConfigCheck.check(SnapdockConfig.load(config),
                io.snapdock.app.StoreTypes.registry());
    }
}
