package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A repository in an S3 bucket (AWS or an S3-compatible server). Objects are streamed: an upload
 * holds at most {@code snapdock.s3.upload-concurrency} parts of {@code snapdock.s3.part-size-mb}
 * in memory, sending that many in parallel, and an object smaller than a part is sent with one
 * PUT. Every request is retried with exponential backoff ({@code snapdock.s3.max-attempts}) on
 * 5xx, throttling and network errors; a download cut mid-way resumes from the byte already read.
 * Checksums follow {@code snapdock.s3.checksum} (only when required by default, which non-AWS
 * servers need).
 */
public final class S3Repository implements Repository {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Repository.class);
    private static final AtomicInteger UPLOAD_THREADS = new AtomicInteger();

    private final S3Settings settings;
    private final S3Client s3;
    /** Sends parts; the buffers of each upload, not this pool, bound the memory. */
    private final ExecutorService uploads;

    public S3Repository(S3Settings settings) {
        this.settings = settings;
        // The SDK's own checksum defaults (CRC32 on every request since 2.30) break MinIO, Ceph and
        // older servers: "when-required" sends one only where an operation demands it.
        RequestChecksumCalculation requestChecksums = settings.checksumAlways()
                ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED;
        ResponseChecksumValidation responseChecksums = settings.checksumAlways()
                ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED;
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(requestChecksums)
                .responseChecksumValidation(responseChecksums)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(10)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                                // A backup retries every request it needs: no client-wide budget cutting retries short.
                                .circuitBreakerEnabled(false)
                                .build())
                        .build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .maxConnections(Math.max(50, settings.uploadConcurrency() * 4)))
                .credentialsProvider(settings.accessKey() != null
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        this.s3 = b.build();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "s3-upload-" + UPLOAD_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    private String full(String key) {
        return settings.prefix() + Keys.check(key);
    }

    /** Turns an SDK failure into one line naming the operation, bucket and key, never a secret. */
    private SnapdockException fail(String op, String key, SdkException e) {
        String where = where(op, key);
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : null;
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return SnapdockException.unavailable(where + " was refused: access denied (" + code + ", HTTP " + status
                        + "); check snapdock.s3.access-key and snapdock.s3.secret-key", null);
            }
            if ("NoSuchBucket".equals(code) || (status == 404 && key == null)) {
                return SnapdockException.unavailable(where + " failed: bucket '" + settings.bucket() + "' does not exist"
                        + " (create it, or set snapdock.s3.create-bucket=true)", null);
            }
            return SnapdockException.unavailable(where + " failed: " + code + " (HTTP " + status + ")", null);
        }
        Throwable unreachable = connectFailure(e);
        if (unreachable != null) {
            String why = unreachable instanceof UnknownHostException
                    ? "unknown host " + unreachable.getMessage() : unreachable.getMessage();
            return SnapdockException.unavailable(where + " failed: the S3 endpoint is unreachable ("
                    + Secrets.redact(firstLine(why)) + ")", null);
        }
        String msg = e instanceof SdkClientException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        return SnapdockException.unavailable(where + " failed: " + Secrets.redact(firstLine(msg)) + " (is the S3 endpoint reachable?)", null);
    }

    /** "S3 OP s3://BUCKET/KEY (ENDPOINT)": what a message or log line about one request starts with. */
    private String where(String op, String key) {
        return "S3 " + op + " s3://" + settings.bucket() + "/" + (key == null ? settings.prefix() : full(key))
                + (settings.endpoint() != null ? " (" + settings.endpoint() + ")" : "");
    }

    /** The cause that shows no connection could be made at all (refused, no route, unknown host, connect timeout), or null. */
    private static Throwable connectFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException || c instanceof ConnectTimeoutException) {
                return c;
            }
        }
        return null;
    }

    private static boolean noSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void check() {
        try {
            s3.listObjectsV2(ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(settings.prefix()).maxKeys(1).build());
        } catch (S3Exception e) {
            if (settings.createBucket() && (noSuchBucket(e) || e.statusCode() == 404)) {
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
        return new S3Upload(key, full(key));
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
        return new ResumingInputStream(where("get", key), from, part(first),
                at -> part(getRange(key, at, last, etag)), settings.maxAttempts());
    }

    private ResponseInputStream<GetObjectResponse> getRange(String key, long from, long last, String etag) throws IOException {
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
            if (e.statusCode() == 404 && !noSuchBucket(e)) {
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
        String p = prefix.isEmpty() ? settings.prefix() : full(prefix);
        List<String> out = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(p).delimiter("/").build())) {
                page.commonPrefixes().forEach(cp -> out.add(stripSlash(cp.prefix().substring(p.length()))));
                page.contents().forEach(o -> out.add(o.key().substring(p.length())));
            }
        } catch (SdkException e) {
            throw fail("list", prefix, e);
        }
        out.sort(null);
        return out;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        eachObject(prefix, o -> out.add(o.key().substring(settings.prefix().length())));
        return out;
    }

    @Override
    public java.util.Map<String, String> versions(String prefix) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        eachObject(prefix, o -> out.put(o.key().substring(settings.prefix().length()), o.size() + "@" + o.eTag()));
        return out;
    }

    /** Every object below {@code prefix}, recursively, page after page. */
    private void eachObject(String prefix, java.util.function.Consumer<software.amazon.awssdk.services.s3.model.S3Object> each) {
        String p = prefix.isEmpty() ? settings.prefix() : full(prefix);
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(p).build())) {
                page.contents().forEach(each);
            }
        } catch (SdkException e) {
            throw fail("list", prefix, e);
        }
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
        uploads.shutdown();
        s3.close();
    }

    /**
     * Fills one part at a time; the first full part starts a multipart upload and each full part
     * is handed to a sender thread, so up to {@code upload-concurrency} parts travel at once. The
     * buffers are the bound: at most {@code upload-concurrency} exist per upload (the one being
     * filled included), and writing waits for one to come back. commit() waits for every part and
     * completes the upload (or sends a single PUT for a small object); close() without commit
     * aborts it, so no orphan parts are left behind.
     */
    private final class S3Upload extends PendingObject {
        private final String key;
        private final String fullKey;
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(settings.uploadConcurrency());
        private int allocated;
        private byte[] buf;
        private int filled;
        private String uploadId;
        private final List<Future<CompletedPart>> parts = new ArrayList<>();
        private boolean done;
        /** Set when the upload is given up: parts not yet started are then not sent at all. */
        private volatile boolean abandoned;

        S3Upload(String key, String fullKey) {
            this.key = key;
            this.fullKey = fullKey;
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
                throw SnapdockException.unavailable(where("upload part of", key) + " was interrupted", null);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SdkException sdk) {
                    throw fail("upload part of", key, sdk);
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
                throw fail("start multipart upload of", key, e);
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
                    String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(id).partNumber(partNumber),
                            body(part, length)).eTag();
                    return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                } finally {
                    free.add(part);
                }
            }));
        }

        /** The buffer itself, not a copy: it is not reused before the request (and its retries) ended. */
        private static RequestBody body(byte[] bytes, int length) {
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
        }

        @Override
        public void commit() {
            if (uploadId == null) {
                try {
                    s3.putObject(r -> r.bucket(settings.bucket()).key(fullKey).storageClass(settings.storageClassOf(key)),
                            buf == null ? RequestBody.empty() : body(buf, filled));
                } catch (SdkException e) {
                    throw fail("put", key, e);
                }
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
                    throw fail("complete multipart upload of", key, e);
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
}
