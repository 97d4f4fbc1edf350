package io.snapdock.handlers.redis;

import io.snapdock.SnapdockException;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.model.StoreSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Talking to a Redis/Valkey server through its own client ({@code valkey-cli} or
 * {@code redis-cli}): one command per run, the password in {@code REDISCLI_AUTH} only, the
 * replies parsed (INFO sections, CONFIG GET, numbers, error replies).
 */
final class RedisCli {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern ERROR_REPLY = Pattern.compile("^[A-Z][A-Z_-]+ .*", Pattern.DOTALL);
    private static final Pattern KEYS = Pattern.compile("keys=(\\d+)");

    /** The server's client tool and its version line. */
    record Cli(String tool, String version) {
    }

    private RedisCli() {
    }

    static List<String> argv(StoreSpec spec, String tool, List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.add("-h");
        argv.add(spec.host() != null ? spec.host() : "127.0.0.1");
        argv.add("-p");
        argv.add(String.valueOf(spec.port() != null ? spec.port() : 6379));
        if (spec.user() != null) {
            argv.add("--user");
            argv.add(spec.user());
        }
        argv.addAll(command);
        return argv;
    }

    /** The password travels in the environment only (REDISCLI_AUTH), never in argv. */
    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.password() != null) {
            env.put("REDISCLI_AUTH", spec.password());
        }
        return env;
    }

    /** The server's client in the store's container (or locally): valkey-cli, else redis-cli. */
    static Cli detect(StoreContext ctx) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String tool : List.of("valkey-cli", "redis-cli")) {
            try (RunningCommand cmd = ctx.runner().start(List.of(tool, "--version"), Map.of(), false)) {
                String out = new String(readBounded(cmd.stdout(), 64 * 1024), StandardCharsets.UTF_8).strip();
                int code = cmd.waitFor(QUERY_TIMEOUT);
                if (code == 0 && out.startsWith(tool)) {
                    return new Cli(tool, out.lines().findFirst().orElse(tool));
                }
                problems.add(tool + ": exit " + code);
            } catch (IOException | SnapdockException e) {
                problems.add(tool + ": " + e.getMessage());
            }
        }
        throw SnapdockException.failed("neither valkey-cli nor redis-cli runs in " + ctx.runner().describe()
                + " for store " + ctx.spec().name() + " (" + String.join("; ", problems) + ")");
    }

    /** Sends one command; returns the reply (raw, \r removed). Error replies fail unless {@code errorOk}. */
    static String call(StoreContext ctx, Cli cli, boolean errorOk, String... command) throws IOException {
        String what = cli.tool() + " " + command[0] + " on " + ctx.spec().name();
        try (RunningCommand cmd = ctx.runner().start(argv(ctx.spec(), cli.tool(), List.of(command)), env(ctx.spec()),
                false)) {
            String out = new String(readBounded(cmd.stdout(), 4 * 1024 * 1024), StandardCharsets.UTF_8).replace("\r",
                    "");
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code != 0) {
                throw SnapdockException.failed(what + " failed (exit " + code + "): "
                        + RunningCommand.summary(cmd.stderr() + "\n" + out));
            }
            String reply = out.strip();
            if (!errorOk && isErrorReply(reply)) {
                String err = cmd.stderr().isBlank() ? "" : " (" + RunningCommand.summary(cmd.stderr()) + ")";
                throw SnapdockException.failed(what + " answered: " + RunningCommand.summary(reply) + err);
            }
            return reply;
        }
    }

    /** An error reply as redis-cli prints it without a terminal: "ERR …", "NOAUTH …", "LOADING …". */
    static boolean isErrorReply(String reply) {
        return ERROR_REPLY.matcher(reply).matches();
    }

    static Map<String, String> info(StoreContext ctx, Cli cli, String section) throws IOException {
        return parseInfo(call(ctx, cli, false, "INFO", section));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    /** All keys of all databases, from an INFO keyspace reply. */
    static long keyCount(Map<String, String> keyspace) {
        long n = 0;
        for (Map.Entry<String, String> e : keyspace.entrySet()) {
            if (e.getKey().matches("db\\d+")) {
                var m = KEYS.matcher(e.getValue());
                if (m.find()) {
                    n += Long.parseLong(m.group(1));
                }
            }
        }
        return n;
    }

    /** A parameter's value, or null when the server does not know it. */
    static String configGet(StoreContext ctx, Cli cli, String parameter) throws IOException {
        String reply = call(ctx, cli, false, "CONFIG", "GET", parameter);
        if (reply.isEmpty()) {
            return null;
        }
        String[] lines = reply.split("\n", 2);
        if (!lines[0].equalsIgnoreCase(parameter)) {
            throw SnapdockException.failed("CONFIG GET " + parameter + " on " + ctx.spec().name()
                    + " gave an unexpected answer: " + RunningCommand.summary(reply));
        }
        return lines.length > 1 ? lines[1].strip() : "";
    }

    static long number(StoreContext ctx, Cli cli, String... command) throws IOException {
        String reply = call(ctx, cli, false, command);
        try {
            return Long.parseLong(reply.lines().findFirst().orElse("").strip());
        } catch (NumberFormatException e) {
            throw SnapdockException.failed(String.join(" ", command) + " on " + ctx.spec().name()
                    + " gave no number: " + RunningCommand.summary(reply));
        }
    }

    static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            if (buf.size() + n <= max) {
                buf.write(b, 0, n);
            }
        }
        return buf.toByteArray();
    }

    /** PING must answer PONG; anything else means the store is not there (yet). */
    static void ping(StoreContext ctx, Cli cli) throws IOException {
        String reply = call(ctx, cli, false, "PING");
        if (!"PONG".equals(reply)) {
            throw SnapdockException.unavailable(ctx.spec().name() + " does not answer PING: "
                    + RunningCommand.summary(reply), null);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SnapdockException.failed("interrupted while waiting for the server");
        }
    }
}
