package io.snapdock.repo.backend;

import io.snapdock.config.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object body read over the network that survives a dropped connection: when a read fails
 * (or the body ends before its announced length), the rest is asked for again from the byte
 * already read, at most {@code maxResumes} times per stream. The reader sees one unbroken stream.
 * Memory: nothing is buffered here; each resume is one ranged request.
 */
final class ResumingInputStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

    /** Opens the object from byte {@code from} (absolute) to the end of the range this stream reads. */
    @FunctionalInterface
    interface Opener {
        Part open(long from) throws IOException;
    }

    /** One response body and how many bytes it announced. */
    record Part(InputStream body, long length) {
    }

    private final String what;
    private final Opener opener;
    private final int maxResumes;
    private InputStream in;
    private long position;
    private long end;
    private int resumes;
    private boolean closed;

    /**
     * @param what  names the object in the log (operation, bucket, key: no secret)
     * @param start the first byte, absolute in the object
     * @param first the response already open at {@code start}
     */
    ResumingInputStream(String what, long start, Part first, Opener opener, int maxResumes) {
        this.what = what;
        this.opener = opener;
        this.maxResumes = maxResumes;
        this.in = first.body();
        this.position = start;
        this.end = endOf(start, first.length());
    }

    /** Where a body of {@code length} bytes from {@code from} ends; a body of unknown length (-1) ends at its EOF. */
    private static long endOf(long from, long length) {
        return length < 0 ? Long.MAX_VALUE : from + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (position >= end) {
                return -1;
            }
            IOException failure;
            try {
                int n = in.read(b, off, (int) Math.min(len, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (end == Long.MAX_VALUE) {
                    return -1;
                }
                failure = new EOFException("the body ended " + (end - position) + " bytes early");
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                // The SDK reports some transport failures unchecked (SdkClientException).
                failure = new IOException(e.getMessage(), e);
            }
            resume(failure);
        }
    }

    private void resume(IOException failure) throws IOException {
        if (closed) {
            throw failure;
        }
        if (resumes >= maxResumes) {
            throw new IOException(what + ": the connection dropped at byte " + position + " and " + maxResumes
                    + " resumes were used up (" + Secrets.redact(String.valueOf(failure.getMessage())) + ")", failure);
        }
        resumes++;
        closeQuietly(in);
        LOG.warn("{}: the download was cut at byte {} ({}); resuming from there (resume {} of {})", what, position,
                Secrets.redact(String.valueOf(failure.getMessage())), resumes, maxResumes);
        Part rest = opener.open(position);
        in = rest.body();
        end = endOf(position, rest.length());
    }

    private static void closeQuietly(InputStream s) {
        try {
            // Abort, not close: closing would try to read the rest of a broken body to reuse the connection.
            if (s instanceof software.amazon.awssdk.http.Abortable a) {
                a.abort();
            }
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // The connection is already broken; the next request uses a fresh one.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        in.close();
    }
}
