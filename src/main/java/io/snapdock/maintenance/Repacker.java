package io.snapdock.maintenance;

import io.snapdock.SnapdockException;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.Commands;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs pg_repack for one table. pg_repack's client must be the same version as the extension
 * in the server, so it runs where the server's own copy is: inside the target's container when
 * {@code .container} is set (as the {@code postgres} OS user over the local socket, no password),
 * else the local binary ({@code snapdock.maintenance.pg-repack}) over the network with the
 * target's credentials. It never kills other sessions: {@code --no-kill-backend} makes it give
 * up on a table whose lock it cannot get within {@code --wait-timeout}, so a running backup's
 * pg_dump is never cancelled.
 */
public final class Repacker {

    private final CommandRunner runner;
    private final MaintenanceTarget target;
    private final MaintenanceSettings settings;

    public Repacker(CommandRunner runner, MaintenanceTarget target, MaintenanceSettings settings) {
        this.runner = runner;
        this.target = target;
        this.settings = settings;
    }

    private String binary() {
        return target.container() != null ? "pg_repack" : settings.pgRepack();
    }

    /**
     * The client's version ("1.4.8"), or null when pg_repack cannot run there (not installed).
     * An engine or container that cannot be reached is a failure, not a skip.
     */
    public String clientVersion() {
        try {
            String out = Commands.capture(runner, "pg_repack --version", List.of(binary(), "--version"), Map.of(),
                    Duration.ofSeconds(30)).strip();
            return out.replaceFirst("^pg_repack\\s+", "");
        } catch (SnapdockException e) {
            if (e.kind() == SnapdockException.Kind.UNAVAILABLE || e.kind() == SnapdockException.Kind.NOT_FOUND) {
                throw e;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Repacks {@code table}; returns what pg_repack said, in one line. */
    public String repack(String table) {
        List<String> argv = new ArrayList<>(List.of(binary(), "--no-kill-backend",
                "--wait-timeout=" + settings.repackWaitSeconds(), "--dbname=" + target.database(), "--table=" + table));
        Map<String, String> env = Map.of();
        if (target.container() == null) {
            JdbcUrl url = JdbcUrl.parse(target.url());
            argv.addAll(List.of("--host=" + url.host(), "--port=" + url.port(), "--username=" + target.user()));
            env = target.password() == null ? Map.of() : Map.of("PGPASSWORD", target.password());
        }
        try (var cmd = runner.start(argv, env, false)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            int code = cmd.waitFor(settings.repackTimeout());
            String said = (out.text() + "\n" + cmd.stderr()).strip().replaceAll("\\s*\n\\s*", " | ");
            if (code != 0) {
                throw SnapdockException.failed("pg_repack of " + table + " failed (exit " + code + "): "
                        + io.snapdock.exec.RunningCommand.summary(cmd.stderr()));
            }
            return io.snapdock.config.Secrets.redact(said);
        } catch (IOException e) {
            throw new TransientFailure("pg_repack of " + table + " was interrupted: " + e.getMessage(), e);
        }
    }

    public String where() {
        return target.container() != null ? "in container " + target.container()
                : "locally (" + settings.pgRepack() + ")";
    }
}
