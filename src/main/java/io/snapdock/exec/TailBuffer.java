package io.snapdock.exec;

import java.nio.charset.StandardCharsets;

/** Keeps the last bytes written to it (a tool's stderr), so a chatty tool cannot fill memory. */
final class TailBuffer {

    private static final int LIMIT = 16 * 1024;
    private final StringBuilder text = new StringBuilder();

    synchronized void append(byte[] b, int off, int len) {
        text.append(new String(b, off, len, StandardCharsets.UTF_8));
        if (text.length() > LIMIT) {
            text.delete(0, text.length() - LIMIT);
        }
    }

    @Override
    public synchronized String toString() {
        return text.toString();
    }
}
