package io.snapdock.docker;

import io.snapdock.SnapdockException;
import io.snapdock.exec.ExecStreams;
import io.snapdock.exec.RunningCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A command whose output comes over one engine connection: an exec in a running container, or a
 * throw-away sibling container attached to. What differs is how its exit code is read and what
 * is released after it.
 */
final class ConnectedCommand implements RunningCommand {

    /** How the engine tells the command's exit code, once its output has ended. */
    interface ExitCode {
        int read() throws IOException, InterruptedException;
    }

    private final ExecConnection conn;
    private final ExecStreams streams;
    private final OutputStream stdin;
    private final String what;
    private final String tool;
    private final ExitCode exitCode;
    private final Runnable release;

    /**
     * {@code what} names the command in a timeout ("pg_dump in db"), {@code tool} in an
     * interruption; {@code release} runs after the connection is closed (a sibling removed).
     */
    ConnectedCommand(ExecConnection conn, ExecStreams streams, boolean withStdin, String what, String tool,
            ExitCode exitCode, Runnable release) {
        this.conn = conn;
        this.streams = streams;
        this.stdin = withStdin ? conn.stdin() : null;
        this.what = what;
        this.tool = tool;
        this.exitCode = exitCode;
        this.release = release;
    }

    @Override
    public InputStream stdout() {
        return streams.stdout();
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public int waitFor(Duration timeout) throws IOException {
        try {
            if (!conn.await(timeout.toMillis())) {
                throw SnapdockException.failed(what + " did not finish within " + timeout);
            }
            return exitCode.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + tool);
        }
    }

    @Override
    public String stderr() {
        return streams.stderr();
    }

    @Override
    public void close() {
        conn.close();
        release.run();
    }
}
