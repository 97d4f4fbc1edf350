package io.snapdock.handlers.redis;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The RDB file format's checks: the header ({@code REDIS} + 4 digits, or Valkey 9's
 * {@code VALKEY} + 3 digits), the end-of-file opcode and the trailing CRC-64 (Jones, reflected:
 * redis' crc64.c) over everything before it; a stored checksum of 0 means the server runs
 * with {@code rdbchecksum no}.
 */
final class RdbFormat {

    private RdbFormat() {
    }

    /**
     * CRC-64 as redis computes it for RDB files (crc64.c): the Jones polynomial, reflected, initial
     * value 0, no final xor. {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9ca}.
     */
    static final class Crc64 {
        /** 0xad93d23594c935a9 bit-reversed. */
        static final long POLY = 0x95ac9329ac4bc9b5L;
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long crc = i;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private Crc64() {
        }

        static long update(long crc, byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            }
            return crc;
        }
    }

    /**
     * Checks an RDB stream as it goes by, in bounded memory: the 9-byte header, and (RDB 5 and
     * later) the end-of-file opcode followed by the little-endian CRC-64 of everything before
     * the checksum. Only the last 8 bytes are held back.
     */
    static final class RdbVerifier extends OutputStream {

        record Problem(String code, String detail) {
        }

        private final byte[] head = new byte[9];
        private int headLen;
        private final byte[] hold = new byte[8];
        private int holdLen;
        private long crc;
        private long size;
        private int lastFed = -1;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            size += len;
            if (headLen < head.length) {
                int n = Math.min(len, head.length - headLen);
                System.arraycopy(b, off, head, headLen, n);
                headLen += n;
            }
            int total = holdLen + len;
            if (total <= hold.length) {
                System.arraycopy(b, off, hold, holdLen, len);
                holdLen = total;
                return;
            }
            int feed = total - hold.length;          // bytes that are surely not the trailing checksum
            int fromHold = Math.min(holdLen, feed);
            if (fromHold > 0) {
                crc = Crc64.update(crc, hold, 0, fromHold);
                lastFed = hold[fromHold - 1] & 0xff;
            }
            int fromB = feed - fromHold;
            if (fromB > 0) {
                crc = Crc64.update(crc, b, off, fromB);
                lastFed = b[off + fromB - 1] & 0xff;
            }
            int kept = holdLen - fromHold;
            System.arraycopy(hold, fromHold, hold, 0, kept);
            System.arraycopy(b, off + fromB, hold, kept, len - fromB);
            holdLen = hold.length;
        }

        /** The RDB format version from the header, or -1 when the header is not an RDB header. */
        int version() {
            if (headLen < head.length) {
                return -1;
            }
            String h = new String(head, StandardCharsets.US_ASCII);
            if (h.matches("REDIS\\d{4}")) {
                return Integer.parseInt(h.substring(5));
            }
            if (h.matches("VALKEY\\d{3}")) {
                return Integer.parseInt(h.substring(6));
            }
            return -1;
        }

        /** Null when the stream is a sound RDB file. */
        Problem finish() {
            int version = version();
            if (version < 0) {
                return new Problem("rdb_unreadable", "not an RDB file: no REDIS/VALKEY header"
                        + (size < head.length ? " (" + size + " bytes)" : ""));
            }
            if (version < 5) {   // no checksum before RDB 5: the file ends with the EOF opcode
                return holdLen > 0 && (hold[holdLen - 1] & 0xff) == 0xff ? null
                        : new Problem("rdb_unreadable", "truncated: no end-of-file marker");
            }
            if (size < head.length + 1 + 8 || lastFed != 0xff) {
                return new Problem("rdb_unreadable", "truncated: no end-of-file marker before the checksum ("
                        + size + " bytes)");
            }
            long stored = 0;
            for (int i = 7; i >= 0; i--) {
                stored = (stored << 8) | (hold[i] & 0xff);
            }
            if (stored == 0) {
                return null;   // saved with rdbchecksum no
            }
            if (stored != crc) {
                return new Problem("rdb_checksum_mismatch", String.format("CRC-64 %016x differs from the file's %016x",
                        crc, stored));
            }
            return null;
        }
    }
}
