package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Fills one part at a time; the first full part starts a multipart upload and each full part
 * is handed to a sender thread, so up to {@code upload-concurrency} parts travel at once. The
 * buffers are the bound: at most {@code upload-concurrency} exist per upload (the one being
 * filled included), and writing waits for one to come back. commit() waits for every part and
 * completes the upload (or hands a small object, whole, to the repository's {@link ObjectWriter}:
 * one PUT); close() without commit
 * aborts it, so no orphan parts are left behind.
 */
final class S3Upload extends Repository.PendingObject {

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Failures failures;
    /** Sends parts; the buffers of each upload, not this pool, bound the memory. */
    private final ExecutorService uploads;
    /** Sends an object smaller than a part, whole. */
    private final ObjectWriter whole;
    private final String key;
    private final String fullKey;
    private final BlockingQueue<byte[]> free;
    private int allocated;
    private byte[] buf;
    private int filled;
    private String uploadId;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private boolean done;
    /** Set when the upload is given up: parts not yet started are then not sent at all. */
    private volatile boolean abandoned;

    S3Upload(S3Client s3, S3Settings settings, S3Failures failures, ExecutorService uploads, ObjectWriter whole,
            String key) {
        this.s3 = s3;
        this.settings = settings;
        this.failures = failures;
        this.uploads = uploads;
        this.whole = whole;
        this.key = key;
        this.fullKey = failures.full(key);
        this.free = new ArrayBlockingQueue<>(settings.uploadConcurrency());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (buf == null) {
                buf = takeBuffer();
            }
            int n = Math.min(len, buf.length - filled);
            System.arraycopy(b, off, buf, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buf.length) {
                sendPart();
            }
        }
    }

    /** A free buffer: a new one while fewer than upload-concurrency exist, else the next one a sender returns. */
    private byte[] takeBuffer() throws IOException {
        byte[] b = free.poll();
        if (b == null && allocated < settings.uploadConcurrency()) {
            allocated++;
            return new byte[settings.partSizeBytes()];
        }
        try {
            while (b == null) {
                rethrowFailedPart();
                b = free.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while uploading " + key);
        }
        rethrowFailedPart();
        return b;
    }

    /** A part that failed (after the SDK's retries) fails the upload at the next write, not only at commit. */
    private void rethrowFailedPart() {
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                result(f);
            }
        }
    }

    private CompletedPart result(Future<CompletedPart> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SnapdockException.unavailable(failures.where("upload part of", key) + " was interrupted", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw failures.fail("upload part of", key, sdk);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void sendPart() {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(settings.bucket()).key(fullKey)
                        .storageClass(settings.storageClassOf(key))).uploadId();
            }
        } catch (SdkException e) {
            throw failures.fail("start multipart upload of", key, e);
        }
        int partNumber = parts.size() + 1;
        byte[] part = buf;
        int length = filled;
        buf = null;
        filled = 0;
        String id = uploadId;
        parts.add(uploads.submit(() -> {
            try {
                if (abandoned) {
                    return null;
                }
                String etag = s3
                        .uploadPart(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(id).partNumber(partNumber),
                                SdkObjectWriter.body(part, length))
                        .eTag();
                return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
            } finally {
                free.add(part);
            }
        }));
    }

    @Override
    public void commit() {
        if (uploadId == null) {
            whole.put(key, buf == null ? new byte[0] : buf, filled);
        } else {
            if (filled > 0) {
                sendPart();
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> f : parts) {
                completed.add(result(f));
            }
            try {
                s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(completed)));
            } catch (SdkException e) {
                throw failures.fail("complete multipart upload of", key, e);
            }
        }
        done = true;
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            // Parts still travelling must end before the abort, or they could recreate what it removes.
            abandoned = true;
            for (Future<CompletedPart> f : parts) {
                try {
                    f.get();
                } catch (Exception ignored) {
                    // Failed or cancelled: either way nothing of it stays once aborted.
                }
            }
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // The upload was never completed, so nothing is visible under the key;
                    // a bucket lifecycle rule can clear parts an unreachable server kept.
                }
            }
        }
    }
}
