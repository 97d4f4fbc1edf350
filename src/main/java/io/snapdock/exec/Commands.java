package io.snapdock.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Short commands whose whole output is small: queries, version checks. */
public final class Commands {

    /** The most a captured output may hold; a query answer never comes close. */
    private static final int MAX_CAPTURE = 4 * 1024 * 1024;

    private Commands() {
    }

    /** Runs {@code argv} and returns its stdout; fails with its stderr on a non-zero exit. */
    public static String capture(CommandRunner runner, String what, List<String> argv, Map<String, String> env,
                                 Duration timeout) throws IOException {
        try (RunningCommand cmd = runner.start(argv, env, false)) {
            byte[] out = readBounded(cmd.stdout());
            cmd.awaitSuccess(what, timeout);
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code argv} with {@code input} on its stdin; returns stdout; fails on a non-zero exit. */
    public static String feed(CommandRunner runner, String what, List<String> argv, Map<String, String> env,
                              InputStream input, Duration timeout) throws IOException {
        try (RunningCommand cmd = runner.start(argv, env, true)) {
            Pump pump = Pump.start(cmd.stdout());
            try (OutputStream in = cmd.stdin()) {
                input.transferTo(in);
            }
            cmd.awaitSuccess(what, timeout);
            return pump.text();
        }
    }

    static byte[] readBounded(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            if (buf.size() + n <= MAX_CAPTURE) {
                buf.write(b, 0, n);
            }
        }
        return buf.toByteArray();
    }

    /** Drains a stream on its own thread (so a full pipe never blocks the writer), keeping a bounded copy. */
    public static final class Pump {
        private final Thread thread;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        private Pump(InputStream in) {
            thread = new Thread(() -> {
                try {
                    byte[] b = new byte[8192];
                    int n;
                    while ((n = in.read(b)) >= 0) {
                        synchronized (buf) {
                            if (buf.size() + n <= 64 * 1024) {
                                buf.write(b, 0, n);
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the command ended or was closed; what was read is kept
                }
            }, "snapdock-pump");
            thread.setDaemon(true);
            thread.start();
        }

        public static Pump start(InputStream in) {
            return new Pump(in);
        }

        public String text() {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
