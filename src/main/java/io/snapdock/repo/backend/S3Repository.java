package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A repository in an S3 bucket (AWS or an S3-compatible server). An object written whole
 * ({@link #put}) is handed as it is to the repository's {@link ObjectWriter} (the route s3-put
 * under Camel): one PUT below a part, a multipart upload from there. A stream ({@link #create})
 * holds at most {@code snapdock.s3.upload-concurrency} parts of {@code snapdock.s3.part-size-mb}
 * in memory, sending that many in parallel; one smaller than a part goes to the writer whole at
 * commit. Every request is retried with exponential backoff ({@code snapdock.s3.max-attempts}) on
 * 5xx, throttling and network errors; a download cut mid-way resumes from the byte already read.
 * Checksums follow {@code snapdock.s3.checksum} (only when required by default, which non-AWS
 * servers need). The client is built by {@link S3Clients}, listings are {@link S3Listing}'s,
 * streamed uploads {@link S3Upload}'s, and every failure is told by {@link S3Failures}.
 */
public final class S3Repository implements Repository {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Repository.class);
    private static final AtomicInteger UPLOAD_THREADS = new AtomicInteger();

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Failures failures;
    private final S3Listing listing;
    /** Sends parts; the buffers of each upload, not this pool, bound the memory. */
    private final ExecutorService uploads;
    /** Sends the objects written whole ({@link #put}) and those smaller than a part. */
    private final ObjectWriter writer;

    /** A repository that writes with the SDK directly (no Camel). */
    public S3Repository(S3Settings settings) {
        this(settings, null);
    }

    /** {@code writes}: how whole objects are sent (the route s3-put); null: with the SDK directly. */
    public S3Repository(S3Settings settings, ObjectWriter.Factory writes) {
        this.settings = settings;
        this.s3 = S3Clients.build(settings);
        this.failures = new S3Failures(settings);
        this.listing = new S3Listing(s3, settings, failures);
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "s3-upload-" + UPLOAD_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = writes == null ? new SdkObjectWriter(s3, settings, failures, uploads)
                : writes.create(s3, settings);
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    private String full(String key) {
        return failures.full(key);
    }

    private SnapdockException fail(String op, String key, SdkException e) {
        return failures.fail(op, key, e);
    }

    @Override
    public void check() {
        try {
            s3.listObjectsV2(ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(settings.prefix())
                    .maxKeys(1).build());
        } catch (S3Exception e) {
            if (settings.createBucket() && (S3Failures.noSuchBucket(e) || e.statusCode() == 404)) {
                createBucket();
                return;
            }
            throw fail("list", null, e);
        } catch (SdkException e) {
            throw fail("list", null, e);
        }
    }

    /** Only with snapdock.s3.create-bucket=true: a typo in a bucket name must not silently start a new repository. */
    private void createBucket() {
        try {
            s3.createBucket(r -> {
                r.bucket(settings.bucket());
                // us-east-1 is the one region that refuses an explicit location constraint.
                if (!settings.region().equals("us-east-1")) {
                    r.createBucketConfiguration(c -> c.locationConstraint(settings.region()));
                }
            });
            LOG.info("Created bucket '{}' (snapdock.s3.create-bucket=true)", settings.bucket());
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            if (!"BucketAlreadyOwnedByYou".equals(code)) {
                throw fail("create bucket", null, e);
            }
        } catch (SdkException e) {
            throw fail("create bucket", null, e);
        }
    }

    @Override
    public PendingObject create(String key) {
        return new S3Upload(s3, settings, failures, uploads, writer, key);
    }

    /** Held whole by the caller already: sent as it is, without a copy into part buffers. */
    @Override
    public void put(String key, byte[] content) {
        writer.put(key, content, content.length);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return resuming(key, 0, -1);
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = resuming(key, offset, offset + length - 1)) {
            byte[] out = in.readNBytes(length);
            if (out.length != length) {
                throw new java.io.EOFException(key + " ends before offset " + (offset + length));
            }
            return out;
        }
    }

    /**
     * The bytes {@code from}..{@code last} (inclusive; -1: to the end) of {@code key}, resumed from
     * where it stopped when the connection drops. A resume asks for the same version (If-Match on
     * the ETag): an object replaced meanwhile fails instead of mixing two versions.
     */
    private InputStream resuming(String key, long from, long last) throws IOException {
        ResponseInputStream<GetObjectResponse> first = getRange(key, from, last, null);
        String etag = first.response().eTag();
        return new ResumingInputStream(failures.where("get", key), from, part(first),
                at -> part(getRange(key, at, last, etag)), settings.maxAttempts());
    }

    private ResponseInputStream<GetObjectResponse> getRange(String key, long from, long last,
                                                            String etag) throws IOException {
        return get(key, "get", () -> s3.getObject(r -> {
            r.bucket(settings.bucket()).key(full(key));
            if (from > 0 || last >= 0) {
                r.range("bytes=" + from + "-" + (last >= 0 ? String.valueOf(last) : ""));
            }
            if (etag != null) {
                r.ifMatch(etag);
            }
        }));
    }

    private static ResumingInputStream.Part part(ResponseInputStream<GetObjectResponse> body) {
        Long length = body.response().contentLength();
        return new ResumingInputStream.Part(body, length == null ? -1 : length);
    }

    @Override
    public long size(String key) throws IOException {
        return get(key, "head", () -> s3.headObject(r -> r.bucket(settings.bucket()).key(full(key))).contentLength());
    }

    @Override
    public java.time.Instant modified(String key) throws IOException {
        return get(key, "head", () -> s3.headObject(r -> r.bucket(settings.bucket()).key(full(key))).lastModified());
    }

    /** One request about {@code key}: a missing object is NoSuchFileException, anything else a clear failure naming it. */
    private <T> T get(String key, String op, java.util.function.Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Failures.noSuchBucket(e)) {
                throw new NoSuchFileException(key);
            }
            throw fail(op, key, e);
        } catch (SdkException e) {
            throw fail(op, key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(settings.bucket()).key(full(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw fail("head", key, e);
        } catch (SdkException e) {
            throw fail("head", key, e);
        }
    }

    @Override
    public List<String> children(String prefix) {
        return listing.children(prefix);
    }

    @Override
    public List<String> list(String prefix) {
        return listing.list(prefix);
    }

    @Override
    public java.util.Map<String, String> versions(String prefix) {
        return listing.versions(prefix);
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(r -> r.bucket(settings.bucket()).key(full(key)));
        } catch (SdkException e) {
            throw fail("delete", key, e);
        }
    }

    @Override
    public void close() {
        writer.close();
        uploads.shutdown();
        s3.close();
    }
}
