package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.snapdock.handlers.mariadb.MariadbCommands.*;

/** Talking to the server through its client: queries, streamed scripts, and the errors a load reports. */
final class MariadbClient {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private MariadbClient() {
    }

    /** Looks for the tools once per operation (a MySQL container has mysql/mysqldump only). */
    static Tools tools(StoreContext ctx) throws IOException {
        Tools t = parseTools(Commands.capture(ctx.runner(), "looking for the MariaDB/MySQL client tools on "
                + ctx.spec().name(), List.of("sh", "-c", DETECT_TOOLS), Map.of(), QUERY_TIMEOUT));
        if (t.client() == null || t.dump() == null) {
            throw SnapdockException
                    .failed("no " + (t.client() == null ? "mariadb or mysql client" : "mariadb-dump or mysqldump")
                            + " found in " + ctx.runner().describe() + " for store " + ctx.spec().name());
        }
        return t;
    }

    static String sql(StoreContext ctx, Tools t, String statement) throws IOException {
        return Commands.capture(ctx.runner(), t.client() + " on " + ctx.spec().name(),
                queryCommand(t, ctx.spec(), statement), env(ctx.spec()), QUERY_TIMEOUT);
    }

    /** Every database with its default character set and collation, by name. */
    static Map<String, String[]> schemata(StoreContext ctx, Tools t) throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (List<String> r : rows(sql(ctx, t, "SELECT HEX(SCHEMA_NAME), DEFAULT_CHARACTER_SET_NAME,"
                + " DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME"))) {
            out.put(unhex(r.get(0)), new String[]{r.get(1), r.get(2)});
        }
        return out;
    }

    /** Runs a script through the client, handing every output line (unescaped) to {@code lines}, streamed. */
    static void queryLines(StoreContext ctx, Tools t, String script, Consumer<String> lines) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(t.client());
        argv.addAll(connection(ctx.spec()));
        argv.addAll(List.of("--batch", "--skip-column-names", "--default-character-set=utf8mb4"));
        try (RunningCommand cmd = ctx.runner().start(argv, env(ctx.spec()), true)) {
            Thread writer = writeAsync(cmd.stdin(), script);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(cmd.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(unescapeBatch(line));
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            cmd.awaitSuccess("reading accounts and grants on " + ctx.spec().name(), QUERY_TIMEOUT);
            join(writer);
        }
    }

    static Thread writeAsync(OutputStream stdin, String text) {
        Thread t = new Thread(() -> {
            try (OutputStream in = stdin) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the command ended early: its exit code tells why
            }
        }, "snapdock-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread readLines(InputStream in, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the command ended or was closed
            }
        }, "snapdock-lines");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Like awaitSuccess, naming the client's ERROR lines rather than the statement it echoes before them. */
    static void awaitLoad(RunningCommand cmd, String what, Duration timeout) throws IOException {
        int code = cmd.waitFor(timeout);
        if (code != 0) {
            throw SnapdockException.failed(what + " failed (exit " + code + "): " + errorLines(cmd.stderr()));
        }
    }

    /** The last ERROR lines of a client's stderr (secrets redacted), else its usual summary. */
    static String errorLines(String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : (stderr == null ? "" : stderr).split("\n")) {
            if (line.strip().startsWith("ERROR ")) {
                errors.add(Secrets.redact(line.strip()));
            }
        }
        if (errors.isEmpty()) {
            return RunningCommand.summary(stderr);
        }
        return String.join(" | ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
    }
}
