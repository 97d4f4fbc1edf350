package io.snapdock.handlers.nats;

import io.snapdock.handlers.nats.SnapshotFormat.Corrupt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Walks a tar archive fed in pieces: header checksums, entry sizes, the end marker. */
final class SnapshotTar {

    private final byte[] header = new byte[512];
    final List<String> names;
    private int filled;
    private long skip;
    private int zeroBlocks;
    private long entries;

    SnapshotTar(List<String> names) {
        this.names = names != null ? names : new ArrayList<>();
    }

    void feed(byte[] b, int off, int len) throws Corrupt {
        while (len > 0) {
            if (skip > 0) {
                int n = (int) Math.min(skip, len);
                skip -= n;
                off += n;
                len -= n;
                continue;
            }
            if (zeroBlocks >= 2) {
                return; // after the end marker: nothing more is read
            }
            int n = Math.min(512 - filled, len);
            System.arraycopy(b, off, header, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == 512) {
                filled = 0;
                header();
            }
        }
    }

    private void header() throws Corrupt {
        boolean zero = true;
        for (byte x : header) {
            if (x != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            zeroBlocks++;
            return;
        }
        if (zeroBlocks > 0) {
            throw new Corrupt("tar archive continues after its end marker");
        }
        long stored = octal(148, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (stored != sum) {
            throw new Corrupt("tar header " + (entries + 1) + " has a bad checksum");
        }
        long size = (header[124] & 0x80) != 0 ? base256(124, 12) : octal(124, 12);
        if (size < 0) {
            throw new Corrupt("tar header " + (entries + 1) + " has a bad size");
        }
        char type = (char) header[156];
        if (type == '0' || type == '\0' || type == '7') {
            String name = text(0, 100);
            if (header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                    && header[261] == 'r' && header[345] != 0) {
                name = text(345, 155) + "/" + name;
            }
            names.add(name);
        }
        entries++;
        skip = (size + 511) / 512 * 512;
    }

    void finish() throws Corrupt {
        if (filled != 0 || skip > 0) {
            throw new Corrupt("truncated: the tar archive ends inside an entry");
        }
        if (zeroBlocks == 0) {
            throw new Corrupt("truncated: the tar archive has no end marker");
        }
        if (entries == 0) {
            throw new Corrupt("the tar archive is empty");
        }
    }

    private long octal(int off, int len) throws Corrupt {
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = header[i] & 0xff;
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new Corrupt("tar header " + (entries + 1) + " has a bad number");
            }
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    private long base256(int off, int len) {
        long v = header[off] & 0x7f;
        for (int i = off + 1; i < off + len; i++) {
            if (v > (Long.MAX_VALUE >> 8)) {
                return -1;
            }
            v = (v << 8) | (header[i] & 0xff);
        }
        return v;
    }

    private String text(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }
}
