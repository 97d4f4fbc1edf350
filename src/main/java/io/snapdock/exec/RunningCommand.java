package io.snapdock.exec;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A command that is running: read its stdout as a stream, feed its stdin, then wait for its exit. */
public interface RunningCommand extends AutoCloseable {

    InputStream stdout();

    /** Its stdin, when started with {@code withStdin}; close it to signal end of input. */
    OutputStream stdin();

    /** Waits for the exit code; throws {@code SnapdockException} after {@code timeout}. */
    int waitFor(Duration timeout) throws IOException;

    /** The end of what it wrote to stderr (bounded), secrets redacted. */
    String stderr();

    /** Stops reading and releases the command (a still-running command is abandoned). */
    @Override
    void close();

    /** Waits and fails with the tool's stderr when the exit code is not 0. */
    default void awaitSuccess(String what, Duration timeout) throws IOException {
        int code = waitFor(timeout);
        if (code != 0) {
            throw SnapdockException.failed(what + " failed (exit " + code + "): " + summary(stderr()));
        }
    }

    /**
     * Streams {@code in} into the command's stdin, closes it, and waits for its success; returns what
     * it wrote to stdout (bounded). When the command stops reading (it failed, its server refused the
     * data, its connection was lost), its own error is the one reported, not the broken pipe.
     */
    default String feed(InputStream in, String what, Duration timeout) throws IOException {
        Commands.Pump out = Commands.Pump.start(stdout());
        boolean[] writeFailed = {false};
        try (OutputStream stdin = new java.io.FilterOutputStream(stdin()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);   // FilterOutputStream.out: the command's stdin
                } catch (IOException e) {
                    writeFailed[0] = true;
                    throw e;
                }
            }
        }) {
            in.transferTo(stdin);
        } catch (IOException e) {
            if (writeFailed[0]) {
                awaitSuccess(what, timeout);
            }
            throw e;
        }
        awaitSuccess(what, timeout);
        return out.text();
    }

    static String summary(String stderr) {
        String s = Secrets.redact(stderr == null ? "" : stderr.strip());
        if (s.isEmpty()) {
            return "no error output";
        }
        String[] lines = s.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - 3); i < lines.length; i++) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(lines[i].strip());
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "…" : sb.toString();
    }
}
