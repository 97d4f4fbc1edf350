package io.snapdock.handlers.nats;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a JetStream stream snapshot to its end and says what is wrong with it. A snapshot is
 * an S2 stream (Snappy's framing format with S2 blocks; first chunk {@code ff 06 00 00
 * "S2sTwO"}) holding a tar archive of the stream's files ({@code meta.inf}, {@code meta.sum},
 * {@code msgs/*.blk}, consumers under {@code obs/}). Every chunk is decompressed and its
 * CRC-32C checked, and the tar's headers are walked (checksums, sizes) to its end marker.
 *
 * <p>The tar inside is walked by {@link SnapshotTar}.
 */
final class SnapshotFormat {

    static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 0x06, 0x00, 0x00, 'S', '2', 's', 'T', 'w', 'O'};
    private static final byte[] SNAPPY_BODY = {'s', 'N', 'a', 'P', 'p', 'Y'};
    /** S2's largest block (4 MiB); a chunk claiming more is not S2's. */
    static final int MAX_BLOCK = 4 << 20;

    private SnapshotFormat() {
    }

    /** What is wrong with the snapshot in {@code in} (read to the end of its S2 stream), or null. */
    static String check(InputStream in) throws IOException {
        try {
            return read(in, null);
        } catch (Corrupt e) {
            return e.getMessage();
        }
    }

    /** Reads it all; regular files' names go to {@code names} (when not null). */
    static String read(InputStream in, List<String> names) throws IOException {
        SnapshotTar tar = new SnapshotTar(names);
        byte[] head = new byte[4];
        boolean identified = false;
        long offset = 0;
        long blocks = 0;
        CRC32C crc = new CRC32C();
        while (true) {
            int h = in.readNBytes(head, 0, 4);
            if (h == 0) {
                break;
            }
            if (h < 4) {
                throw new Corrupt("truncated: a chunk header is cut off at byte " + offset);
            }
            int type = head[0] & 0xff;
            int len = (head[1] & 0xff) | (head[2] & 0xff) << 8 | (head[3] & 0xff) << 16;
            if (!identified && type != 0xff) {
                throw new Corrupt(offset == 0 ? "not an S2 stream (no S2 stream identifier at the start)"
                        : "chunk before the stream identifier at byte " + offset);
            }
            byte[] body = in.readNBytes(len);
            if (body.length < len) {
                throw new Corrupt("truncated: chunk at byte " + offset + " declares " + len + " bytes, " + body.length
                        + " follow");
            }
            if (type == 0xff) {
                if (len != 6 || !(Arrays.equals(body, Arrays.copyOfRange(STREAM_IDENTIFIER, 4, 10))
                        || Arrays.equals(body, SNAPPY_BODY))) {
                    throw new Corrupt("bad stream identifier at byte " + offset);
                }
                identified = true;
            } else if (type == 0x00 || type == 0x01) {
                if (len < 4) {
                    throw new Corrupt("data chunk at byte " + offset + " is too short for its checksum");
                }
                int expected = (body[0] & 0xff) | (body[1] & 0xff) << 8 | (body[2] & 0xff) << 16
                        | (body[3] & 0xff) << 24;
                byte[] block = type == 0x01 ? Arrays.copyOfRange(body, 4, len) : decodeBlock(body, 4, offset);
                if (block.length > MAX_BLOCK) {
                    throw new Corrupt("chunk at byte " + offset + " holds more than an S2 block");
                }
                crc.reset();
                crc.update(block, 0, block.length);
                if (masked((int) crc.getValue()) != expected) {
                    throw new Corrupt("checksum mismatch in chunk at byte " + offset);
                }
                tar.feed(block, 0, block.length);
                blocks++;
            } else if (type >= 0x02 && type <= 0x7f) {
                throw new Corrupt("unknown chunk type 0x" + Integer.toHexString(type) + " at byte " + offset);
            }
            // 0x80-0xfe: skippable (padding, S2 index)
            offset += 4L + len;
        }
        if (!identified) {
            throw new Corrupt("empty");
        }
        if (blocks == 0) {
            throw new Corrupt("no data chunk");
        }
        tar.finish();
        if (!tar.names.contains("meta.inf")) {
            throw new Corrupt("the archive holds no meta.inf (the stream's metadata)");
        }
        return null;
    }

    /** Snappy's masked CRC: {@code ((c >>> 15) | (c << 17)) + 0xa282ead8}. */
    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** Decodes one S2 block (Snappy's block format plus S2's repeat-offset copies). */
    static byte[] decodeBlock(byte[] src, int start, long at) throws Corrupt {
        int s = start;
        long dLen = 0;
        int shift = 0;
        while (true) {
            if (s >= src.length || shift > 28) {
                throw new Corrupt("bad block length in chunk at byte " + at);
            }
            int b = src[s++] & 0xff;
            dLen |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
            shift += 7;
        }
        if (dLen > MAX_BLOCK) {
            throw new Corrupt("block in chunk at byte " + at + " claims " + dLen + " bytes");
        }
        byte[] dst = new byte[(int) dLen];
        int d = 0;
        int offset = 0;
        while (s < src.length) {
            int tag = src[s] & 0xff;
            int length;
            switch (tag & 0x03) {
                case 0 -> {
                    int x = tag >>> 2;
                    if (x < 60) {
                        s++;
                    } else {
                        int n = x - 59;
                        if (s + 1 + n > src.length) {
                            throw corrupt(at);
                        }
                        x = 0;
                        for (int i = 0; i < n; i++) {
                            x |= (src[s + 1 + i] & 0xff) << (8 * i);
                        }
                        s += 1 + n;
                    }
                    long lit = (x & 0xffffffffL) + 1;
                    if (lit > dst.length - d || lit > src.length - s) {
                        throw corrupt(at);
                    }
                    System.arraycopy(src, s, dst, d, (int) lit);
                    d += (int) lit;
                    s += (int) lit;
                    continue;
                }
                case 1 -> {
                    if (s + 2 > src.length) {
                        throw corrupt(at);
                    }
                    length = (tag >>> 2) & 0x7;
                    int toffset = ((tag & 0xe0) << 3) | (src[s + 1] & 0xff);
                    s += 2;
                    if (toffset == 0) {
                        // S2: repeat the last offset, with a longer length encoding
                        switch (length) {
                            case 5 -> {
                                if (s + 1 > src.length) {
                                    throw corrupt(at);
                                }
                                length = (src[s] & 0xff) + 4;
                                s += 1;
                            }
                            case 6 -> {
                                if (s + 2 > src.length) {
                                    throw corrupt(at);
                                }
                                length = ((src[s] & 0xff) | (src[s + 1] & 0xff) << 8) + (1 << 8);
                                s += 2;
                            }
                            case 7 -> {
                                if (s + 3 > src.length) {
                                    throw corrupt(at);
                                }
                                length = ((src[s] & 0xff) | (src[s + 1] & 0xff) << 8 | (src[s + 2] & 0xff) << 16)
                                        + (1 << 16);
                                s += 3;
                            }
                            default -> {
                                // 0-4: the length as it is
                            }
                        }
                    } else {
                        offset = toffset;
                    }
                    length += 4;
                }
                case 2 -> {
                    if (s + 3 > src.length) {
                        throw corrupt(at);
                    }
                    length = 1 + (tag >>> 2);
                    offset = (src[s + 1] & 0xff) | (src[s + 2] & 0xff) << 8;
                    s += 3;
                }
                default -> {
                    if (s + 5 > src.length) {
                        throw corrupt(at);
                    }
                    length = 1 + (tag >>> 2);
                    long off = (src[s + 1] & 0xffL) | (src[s + 2] & 0xffL) << 8 | (src[s + 3] & 0xffL) << 16
                            | (src[s + 4] & 0xffL) << 24;
                    if (off > Integer.MAX_VALUE) {
                        throw corrupt(at);
                    }
                    offset = (int) off;
                    s += 5;
                }
            }
            if (offset <= 0 || d < offset || length > dst.length - d) {
                throw corrupt(at);
            }
            if (offset >= length) {
                System.arraycopy(dst, d - offset, dst, d, length);
            } else {
                for (int i = 0; i < length; i++) { // overlapping: byte by byte, forwards
                    dst[d + i] = dst[d - offset + i];
                }
            }
            d += length;
        }
        if (d != dst.length) {
            throw corrupt(at);
        }
        return dst;
    }

    private static Corrupt corrupt(long at) {
        return new Corrupt("corrupt S2 block in chunk at byte " + at);
    }

    /** The snapshot is not what the server writes. */
    static final class Corrupt extends IOException {
        Corrupt(String message) {
            super(message);
        }
    }
}
