package io.snapdock.cli;

import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the service: schedules, REST API (/api), dashboard (/), health check (/observe/health).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        SnapdockConfig config = common.load();
        // Before anything starts: never an API on the network without tokens.
        io.snapdock.auth.HttpGuard.checkBinding(config.require("snapdock.http.host"),
                io.snapdock.auth.Tokens.from(config));
        Main main = SnapdockApp.create(config, true);
        main.run();
        return main.getExitCode();
    }
}
