package io.snapdock.repo;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository in an S3 bucket (AWS or an S3-compatible server). Objects are streamed: one
 * multipart part ({@code snapdock.s3.part-size-mb}) is the most held in memory per upload,
 * and an object smaller than a part is sent with one PUT. Client-side checksums are only
 * sent when a request requires them, which non-AWS servers need.
 */
public final class S3Repository implements Repository {

    private final S3Settings settings;
    private final S3Client s3;

    public S3Repository(S3Settings settings) {
        this.settings = settings;
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofMinutes(2)))
                .credentialsProvider(settings.accessKey() != null
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        this.s3 = b.build();
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
        String where = "S3 " + op + " s3://" + settings.bucket() + "/" + (key == null ? settings.prefix() : full(key))
                + (settings.endpoint() != null ? " (" + settings.endpoint() + ")" : "");
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : null;
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return SnapdockException.unavailable(where + " was refused: access denied (" + code + ", HTTP " + status
                        + "); check snapdock.s3.access-key and snapdock.s3.secret-key", null);
            }
            if ("NoSuchBucket".equals(code) || (status == 404 && key == null)) {
                return SnapdockException.unavailable(where + " failed: bucket '" + settings.bucket() + "' does not exist", null);
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
        } catch (SdkException e) {
            throw fail("list", null, e);
        }
    }

    @Override
    public PendingObject create(String key) {
        return new S3Upload(key, full(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return get(key, "get", () -> s3.getObject(r -> r.bucket(settings.bucket()).key(full(key))));
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        byte[] out = get(key, "get", () -> s3.getObjectAsBytes(r -> r.bucket(settings.bucket()).key(full(key))
                .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray());
        if (out.length != length) {
            throw new java.io.EOFException(key + " ends before offset " + (offset + length));
        }
        return out;
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
        String p = prefix.isEmpty() ? settings.prefix() : full(prefix);
        List<String> out = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(p).build())) {
                page.contents().forEach(o -> out.add(o.key().substring(settings.prefix().length())));
            }
        } catch (SdkException e) {
            throw fail("list", prefix, e);
        }
        return out;
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
        s3.close();
    }

    /**
     * Buffers one part; the first full part starts a multipart upload, later ones are sent as
     * they fill. commit() completes it (or sends a single PUT for a small object); close()
     * without commit aborts the multipart upload so no orphan parts are left behind.
     */
    private final class S3Upload extends PendingObject {
        private final String key;
        private final String fullKey;
        private final byte[] buf = new byte[settings.partSizeBytes()];
        private int filled;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private boolean done;

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
                int n = Math.min(len, buf.length - filled);
                System.arraycopy(b, off, buf, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buf.length) {
                    flushPart();
                }
            }
        }

        private void flushPart() {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(settings.bucket()).key(fullKey)).uploadId();
                }
                int partNumber = parts.size() + 1;
                String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buf, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw fail("upload part of", key, e);
            }
        }

        @Override
        public void commit() {
            try {
                if (uploadId == null) {
                    s3.putObject(r -> r.bucket(settings.bucket()).key(fullKey), RequestBody.fromBytes(java.util.Arrays.copyOf(buf, filled)));
                } else {
                    if (filled > 0) {
                        flushPart();
                    }
                    s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(fullKey).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)));
                }
                done = true;
            } catch (SdkException e) {
                throw fail("put", key, e);
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
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
