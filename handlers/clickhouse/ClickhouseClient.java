package io.snapdock.handlers.clickhouse;

import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;

import java.io.IOException;
import java.time.Duration;

import static io.snapdock.handlers.clickhouse.ClickhouseCommands.client;
import static io.snapdock.handlers.clickhouse.ClickhouseCommands.env;

/** One statement through clickhouse-client where the store's tools run (its container). */
final class ClickhouseClient {

    /** What a short query (a listing, a rename, a count) may take. */
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private ClickhouseClient() {
    }

    private static String what(StoreContext ctx) {
        return "clickhouse-client on " + ctx.spec().name();
    }

    /** A short query; its whole answer. */
    static String query(StoreContext ctx, String sql) throws IOException {
        return Commands.capture(ctx.runner(), what(ctx), client(ctx.spec(), sql), env(ctx.spec()), QUERY_TIMEOUT);
    }

    /** Several statements in one client run (--multiquery), in order; the first that fails ends it. */
    static String statements(StoreContext ctx, java.util.List<String> sql) throws IOException {
        return Commands.capture(ctx.runner(), what(ctx), client(ctx.spec(), String.join(";\n", sql), true),
                env(ctx.spec()), ctx.timeout());
    }

    /** A statement that may take as long as a dump (BACKUP, RESTORE). */
    static String longQuery(StoreContext ctx, String sql) throws IOException {
        return Commands.capture(ctx.runner(), what(ctx), client(ctx.spec(), sql), env(ctx.spec()), ctx.timeout());
    }

    /** A statement whose output is read (or whose input is fed) as a stream. */
    static RunningCommand start(StoreContext ctx, String sql, boolean withStdin) throws IOException {
        return ctx.runner().start(client(ctx.spec(), sql), env(ctx.spec()), withStdin);
    }
}
