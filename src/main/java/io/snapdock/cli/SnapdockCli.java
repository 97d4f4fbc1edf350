package io.snapdock.cli;

import io.snapdock.SnapdockException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar snapdock.jar COMMAND}. Exit codes: 0 success; 1 the run failed or the
 * snapshot is invalid; 2 bad input (unknown store, malformed stamp, broken config);
 * 3 another run holds the repository lock (waited snapdock.lock.wait-seconds; the message names it); 4 a store, Docker or the repository is unreachable.
 */
@Command(name = "snapdock", mixinStandardHelpOptions = true, versionProvider = SnapdockCli.Version.class, description = "Backup, restore and maintenance of stores running in Docker containers.", subcommands = {
        ServeCommand.class, BackupCommand.class, ListCommand.class, ShowCommand.class,
        ValidateCommand.class, RestoreCommand.class, CheckCommand.class, KeygenCommand.class, TokenCommand.class,
        CleanupCommand.class, RepackCommand.class, ReplicateCommand.class, PruneCommand.class,
        CommandLine.HelpCommand.class})
public final class SnapdockCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs one command with its output and errors going to {@code out} and {@code err} (null: the console). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SnapdockCli());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            SnapdockException se = SnapdockException.find(e);
            if (se != null) {
                cmd.getErr().println("snapdock: " + se.getMessage());
                return se.exitCode();
            }
            cmd.getErr().println("snapdock: unexpected error: " + io.snapdock.config.Secrets.redact(String.valueOf(e)));
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"snapdock " + io.snapdock.model.Version.current()};
        }
    }
}
