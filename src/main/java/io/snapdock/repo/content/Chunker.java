package io.snapdock.repo.content;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Content-defined chunking (FastCDC with normalized chunking): a cut point is where a rolling
 * "gear" hash of the last bytes matches a mask, so an insertion early in a dump only moves the
 * boundaries next to it and every later chunk keeps its identity (and is not stored again).
 *
 * <p>The gear table comes from a per-repository seed, so boundaries (and with them chunk sizes)
 * reveal nothing about the content to someone who knows only the algorithm. Between {@code min}
 * and {@code avg} a stricter mask is used, after {@code avg} a looser one: sizes cluster around
 * the average instead of spreading exponentially.
 */
public final class Chunker {

    private final long[] gear = new long[256];
    private final int min;
    private final int avg;
    private final int max;
    private final long maskStrict;
    private final long maskLoose;

    public Chunker(byte[] seed, int min, int avg, int max) {
        if (!(0 < min && min < avg && avg < max) || Integer.bitCount(avg) != 1) {
            throw new IllegalArgumentException("chunk sizes must satisfy 0 < min < avg < max, avg a power of two");
        }
        this.min = min;
        this.avg = avg;
        this.max = max;
        int bits = Integer.numberOfTrailingZeros(avg);
        // The gear hash shifts left: a bit's value depends on fewer recent bytes the lower it is,
        // so the masks use the top bits, which see the last 64 bytes.
        this.maskStrict = topBits(bits + 1);
        this.maskLoose = topBits(bits - 1);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 256; i++) {
                sha.update(seed);
                sha.update((byte) i);
                gear[i] = ByteBuffer.wrap(sha.digest()).getLong();
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long topBits(int n) {
        return n >= 64 ? -1L : ((1L << n) - 1) << (64 - n);
    }

    public int min() {
        return min;
    }

    public int avg() {
        return avg;
    }

    public int max() {
        return max;
    }

    /**
     * The length of the next chunk at the start of {@code buf[off, off+len)}. When fewer than
     * {@code max} bytes are given and no cut point is found, the whole range is one chunk: call
     * this only with a full buffer, or at the end of the stream.
     */
    public int cut(byte[] buf, int off, int len) {
        if (len <= min) {
            return len;
        }
        int n = Math.min(len, max);
        int normal = Math.min(avg, n);
        long h = 0;
        int i = min;
        for (; i < normal; i++) {
            h = (h << 1) + gear[buf[off + i] & 0xff];
            if ((h & maskStrict) == 0) {
                return i + 1;
            }
        }
        for (; i < n; i++) {
            h = (h << 1) + gear[buf[off + i] & 0xff];
            if ((h & maskLoose) == 0) {
                return i + 1;
            }
        }
        return n;
    }
}
