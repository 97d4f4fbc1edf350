package io.snapdock.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands chunks from a producer thread (Docker's stream callback) to a reader as an
 * InputStream. Bounded: when the reader is slower (an S3 upload), the producer waits, which
 * slows the tool in the container instead of filling memory. At most {@code capacity} chunks
 * are held.
 */
final class ChunkPipe extends InputStream {

    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private volatile boolean readerClosed;
    private volatile IOException failure;
    private byte[] current;
    private int pos;

    ChunkPipe(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Producer side; drops data once the reader has gone away, so the producer never hangs. */
    void put(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        try {
            while (!readerClosed && !queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                // waiting for the reader: this is the back-pressure
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void finish(IOException error) {
        if (error != null) {
            failure = error;
        }
        try {
            while (!readerClosed && !queue.offer(EOF, 200, TimeUnit.MILLISECONDS)) {
                // reader still busy
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean fill() throws IOException {
        while (current == null || pos >= current.length) {
            if (current == EOF) {
                return false;
            }
            try {
                current = queue.take();
                pos = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading command output");
            }
            if (current == EOF) {
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        readerClosed = true;
        queue.clear();
    }
}
