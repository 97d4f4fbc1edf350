package io.snapdock.testsupport;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * An S3 server for tests: S3Proxy embedded in the test JVM, keeping buckets as folders under a
 * base directory (its {@code filesystem-nio2} store), listening on 127.0.0.1 on a free port
 * and checking AWS V2/V4 signatures against {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>Other processes can use it too (an end-to-end test running the packaged jar): give them
 * {@link #endpoint()}, {@link #accessKey()}, {@link #secretKey()} and path-style addressing.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(tempDir)) {
 *     s3.createBucket("snapdock-it");
 *     // snapdock.s3.endpoint = s3.endpoint(), snapdock.s3.access-key = s3.accessKey(), ...
 * }
 * }</pre>
 *
 * S3Proxy 4.x no longer uses jclouds: it has its own {@code org.gaul.s3proxy.blobstore.BlobStore},
 * created here with {@link BlobStores#create(String, Properties)} (provider {@code filesystem-nio2},
 * folder in the property {@code jclouds.filesystem.basedir}, which must exist).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "snapdock-test";
    public static final String SECRET_KEY = "snapdock-test-secret-4f9a";
    /** S3Proxy checks signatures but accepts any region; this one is what clients should sign with. */
    public static final String REGION = "us-east-1";

    private static final String STARTED = "STARTED";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final Path baseDir;
    private final URI endpoint;
    private boolean stopped;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore, Path baseDir) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.baseDir = baseDir;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts a server that keeps its buckets under {@code baseDir} (created when missing) and
     * returns once it accepts requests.
     */
    public static S3ProxyServer start(Path baseDir) {
        return start(baseDir, 0);
    }

    /** Like {@link #start(Path)} on a given port (0: any free one), e.g. to bring a stopped server back. */
    public static S3ProxyServer start(Path baseDir, int port) {
        Path dir = baseDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3Proxy folder " + dir, e);
        }
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore blobStore = BlobStores.create("filesystem-nio2", props);

        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                // Port 0: Jetty binds a free port, read back with getPort() (no race with other tests).
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            await("S3Proxy started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> STARTED.equals(proxy.getState()));
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            blobStore.close();
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
        return new S3ProxyServer(proxy, blobStore, dir);
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String endpoint() {
        return endpoint.toString();
    }

    public URI endpointUri() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** The folder holding the buckets (one sub-folder per bucket). */
    public Path baseDir() {
        return baseDir;
    }

    /** Creates {@code name} (no-op when it exists) and returns it. */
    public String createBucket(String name) {
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
        return name;
    }

    public boolean bucketExists(String name) {
        return blobStore.containerExists(name);
    }

    /** Every object key in {@code bucket}, as the server sees it (full keys, prefix included). */
    public List<String> keys(String bucket) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket);
            if (token != null) {
                req.continuationToken(token);
            }
            ListObjectsV2Response page = blobStore.list(req.build());
            page.contents().stream().map(S3Object::key).forEach(out::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    /** What the server keeps about one object (size, ETag, storage class), as a HEAD would tell. */
    public HeadObjectResponse head(String bucket, String key) {
        return blobStore.blobMetadata(bucket, key);
    }

    /** The keys of the multipart uploads started in {@code bucket} and neither completed nor aborted. */
    public List<String> pendingUploads(String bucket) {
        return blobStore.listMultipartUploads(bucket).stream().map(MultipartUpload::key).toList();
    }

    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop: " + e, e);
        } finally {
            blobStore.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "S3Proxy at " + endpoint + " (buckets in " + baseDir + ")";
    }
}
