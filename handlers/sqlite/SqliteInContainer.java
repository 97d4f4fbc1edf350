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

    /**
     * Where sqlite3 runs: in the application's container when it has sqlite3 ({@code image} null),
     * else in a throw-away sibling container from {@code image} (the store's {@code tool-image},
     * default {@code snapdock.sqlite.tool-image}) that mounts the same volumes. {@code version} is
     * that sqlite3's.
     */
    record Sqlite3(String image, String version) {
        boolean inSibling() {
            return image != null;
        }

        String describe() {
            return "sqlite3 " + version + (inSibling() ? " in a sibling container from " + image : "");
        }
    }

    /** Finds sqlite3 for the store: its own container's, else the tool image's; a clear error when neither has one. */
    static Sqlite3 sqlite3(StoreContext ctx) throws IOException {
        String version = sqliteVersion(ctx, ctx.runner());
        if (version != null) {
            return new Sqlite3(null, version);
        }
        String image = toolImage(ctx);
        if (image == null) {
            throw SnapdockException.failed(noSqlite3(ctx.spec().name(), ctx.spec().containerName()));
        }
        CommandRunner sibling = docker(ctx).sibling(image, ctx.spec().container(), ctx.spec().containerName(),
                ctx.spec().option("exec-user", null));
        String inImage = sqliteVersion(ctx, sibling);
        if (inImage == null) {
            throw SnapdockException.badInput("the SQLite tool image " + image + " of store " + ctx.spec().name()
                    + " (snapdock.sqlite.tool-image, or the store's tool-image) has no sqlite3 either");
        }
        return new Sqlite3(image, inImage);
    }

    /** The image a sibling container takes sqlite3 from, or null when none is configured. */
    static String toolImage(StoreContext ctx) {
        String image = ctx.spec().option("tool-image", null);
        return image == null || image.isBlank() ? null : image.strip();
    }

    /** Where sqlite3 runs on the file: as exec-user when set, else as the database file's owner. */
    static CommandRunner ownerRunner(StoreContext ctx, Sqlite3 sqlite3, FileInfo owner) {
        String execUser = ctx.spec().option("exec-user", null);
        if (sqlite3.inSibling()) {
            return docker(ctx).sibling(sqlite3.image(), ctx.spec().container(), ctx.spec().containerName(),
                    execUser != null ? execUser : owner.user());
        }
        if (execUser != null) {
            return ctx.runner();
        }
        return docker(ctx).exec(ctx.spec().container(), ctx.spec().containerName(), owner.user());
    }

    /** sqlite3's version where {@code runner} runs, or null when there is no sqlite3 there. */
    static String sqliteVersion(StoreContext ctx, CommandRunner runner) throws IOException {
        try (RunningCommand cmd = runner.start(List.of("sqlite3", "-version"), Map.of(), false)) {
            String out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code != 0) {
                if (missingTool(code, out + cmd.stderr())) {
                    return null;
                }
                throw SnapdockException
                        .failed("sqlite3 -version in " + runner.describe() + " failed (exit " + code + "): "
                                + RunningCommand.summary(cmd.stderr() + out));
            }
            return version(out);
        }
    }
}
