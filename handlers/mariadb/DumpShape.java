package io.snapdock.handlers.mariadb;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a mysqldump-style file looks like at its two ends, read in one pass with bounded
 * memory: a {@code -- MariaDB dump} / {@code -- MySQL dump} line near the top (MariaDB puts
 * a sandbox-mode comment before it) and the {@code -- Dump completed} trailer as the last
 * non-blank line, ended by its newline (missing when the tool died or the file was cut).
 */
final class DumpShape extends OutputStream {

    static final int HEAD = 4096;
    static final int TAIL = 4096;
    private static final String[] HEADERS = {"-- MariaDB dump", "-- MySQL dump", "-- Snapdock users dump"};

    private final byte[] head = new byte[HEAD];
    private int headLen;
    private final byte[] tail = new byte[TAIL];
    private long total;

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (headLen < HEAD) {
            int n = Math.min(len, HEAD - headLen);
            System.arraycopy(b, off, head, headLen, n);
            headLen += n;
        }
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
        } else {
            System.arraycopy(tail, len, tail, 0, TAIL - len);
            System.arraycopy(b, off, tail, TAIL - len, len);
        }
        total += len;
    }

    boolean hasHeader() {
        for (String line : new String(head, 0, headLen, StandardCharsets.UTF_8).split("\n")) {
            for (String h : HEADERS) {
                if (line.startsWith(h)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean hasTrailer() {
        int n = (int) Math.min(total, TAIL);
        String text = new String(tail, TAIL - n, n, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            return false; // cut inside the last line
        }
        text = text.stripTrailing();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        return last.startsWith("-- Dump completed");
    }

    /** null when it looks whole, else dump_unreadable or dump_truncated. */
    String problem() {
        if (!hasHeader()) {
            return "dump_unreadable";
        }
        return hasTrailer() ? null : "dump_truncated";
    }

    String describe() {
        if (!hasHeader()) {
            return total == 0 ? "empty file" : "not a mariadb-dump / mysqldump output (no dump header)";
        }
        return hasTrailer() ? "complete" : "no '-- Dump completed' trailer: the dump was cut short";
    }
}
