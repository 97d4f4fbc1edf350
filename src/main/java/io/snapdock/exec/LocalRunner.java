package io.snapdock.exec;

import io.snapdock.SnapdockException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs tools as local processes: for stores declared by host and port, with no container. */
public final class LocalRunner implements CommandRunner {

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public RunningCommand start(List<String> argv, Map<String, String> env, boolean withStdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        if (!withStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw SnapdockException.failed("cannot run " + argv.get(0) + " locally: " + e.getMessage()
                    + " (install the client tools, or let Snapdock run them inside the store's container)");
        }
        TailBuffer err = new TailBuffer();
        Thread drain = new Thread(() -> {
            byte[] b = new byte[4096];
            int n;
            try (InputStream in = p.getErrorStream()) {
                while ((n = in.read(b)) >= 0) {
                    err.append(b, 0, n);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "snapdock-stderr");
        drain.setDaemon(true);
        drain.start();
        return new RunningCommand() {
            @Override
            public InputStream stdout() {
                return p.getInputStream();
            }

            @Override
            public OutputStream stdin() {
                return p.getOutputStream();
            }

            @Override
            public int waitFor(Duration timeout) throws IOException {
                try {
                    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();
                        throw SnapdockException.failed(argv.get(0) + " did not finish within " + timeout);
                    }
                    drain.join(5_000);
                    return p.exitValue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new IOException("interrupted while waiting for " + argv.get(0));
                }
            }

            @Override
            public String stderr() {
                return err.toString();
            }

            @Override
            public void close() {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        };
    }
}
