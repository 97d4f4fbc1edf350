package io.snapdock.handlers.sqlite;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.sqlite.SqliteCommands.FileInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.sqlite.SqliteCommands.*;

/** What the handler asks inside the application's container: stat of the file, sqlite3's version, and as whom to run. */
final class SqliteInContainer {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private SqliteInContainer() {
    }

    static DockerGateway docker(StoreContext ctx) {
        return ctx.requireDocker("must run in a container: an SQLite file is"
                + " copied inside its application's container");
    }

    /** stat of {@code path} in the container, or null when it does not exist. */
    static FileInfo statOrNull(StoreContext ctx, String path) throws IOException {
        try (RunningCommand cmd = ctx.runner().start(statCommand(path), Map.of(), false)) {
            String out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code == 0) {
                return parseStat(out);
            }
            String err = cmd.stderr();
            if (err.contains("No such file")) {
                return null;
            }
            throw SnapdockException
                    .failed("stat " + path + " in " + ctx.runner().describe() + " failed (exit " + code + "): "
                            + RunningCommand.summary(err + out));
        }
    }

    static FileInfo statFile(StoreContext ctx, String path) throws IOException {
        FileInfo f = statOrNull(ctx, path);
        if (f == null) {
            throw SnapdockException.failed("the SQLite database " + path + " of store " + ctx.spec().name()
                    + " does not exist in its container");
        }
        if (!f.regularFile()) {
            throw SnapdockException.badInput("snapdock.path " + path + " of store " + ctx.spec().name()
                    + " is not a file: an online SQLite backup needs the database file (in stop mode, the folder)");
        }
        return f;
    }

    /** Where sqlite3 runs: as exec-user when set, else as the database file's owner. */
    static CommandRunner ownerRunner(StoreContext ctx, FileInfo owner) {
        if (ctx.spec().option("exec-user", null) != null) {
            return ctx.runner();
        }
        return docker(ctx).exec(ctx.spec().container(), ctx.spec().containerName(), owner.user());
    }

    /** sqlite3's version; a clear error when the container has no sqlite3. */
    static String sqliteVersion(StoreContext ctx, CommandRunner runner) throws IOException {
        try (RunningCommand cmd = runner.start(List.of("sqlite3", "-version"), Map.of(), false)) {
            String out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code != 0) {
                if (missingTool(code, out + cmd.stderr())) {
                    throw SnapdockException.failed(noSqlite3(ctx.spec().name(), ctx.spec().containerName()));
                }
                throw SnapdockException
                        .failed("sqlite3 -version in " + runner.describe() + " failed (exit " + code + "): "
                                + RunningCommand.summary(cmd.stderr() + out));
            }
            return version(out);
        }
    }
}
