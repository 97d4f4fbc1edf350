package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writers that send every object through the route {@code s3-put} ({@code routes/s3.camel.yaml}):
 * each repository's client is bound in the Camel registry under a name of its own, which the
 * exchange carries in {@link #CLIENT}, so the primary and a replica with other credentials or
 * another endpoint each write with their own client, the same one that serves their reads.
 */
public final class RouteObjectWriters implements ObjectWriter.Factory {

    /** Where the writes go in. */
    public static final String ENDPOINT = "direct:s3-put";
    /** The registry name of the client to write with. */
    public static final String CLIENT = "SnapdockS3Client";
    public static final String BUCKET = "SnapdockS3Bucket";
    /** From this size up an object is a multipart upload, in parts of this size (snapdock.s3.part-size-mb). */
    public static final String PART_SIZE = "SnapdockS3PartSize";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final CamelContext camel;
    private ProducerTemplate template;

    public RouteObjectWriters(CamelContext camel) {
        this.camel = camel;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template;
    }

    @Override
    public ObjectWriter create(S3Client client, S3Settings settings) {
        String name = "snapdockS3Client" + CLIENTS.incrementAndGet();
        camel.getRegistry().bind(name, S3Client.class, client);
        return new Writer(name, settings, new S3Failures(settings));
    }

    private final class Writer implements ObjectWriter {
        private final String client;
        private final S3Settings settings;
        private final S3Failures failures;

        Writer(String client, S3Settings settings, S3Failures failures) {
            this.client = client;
            this.settings = settings;
            this.failures = failures;
        }

        @Override
        public void put(String key, byte[] bytes, int length) {
            String fullKey = failures.full(key);
            String storageClass = settings.storageClassOf(key);
            // The body is read straight from the caller's array (no copy), its length given so the
            // component streams it instead of reading it into memory first; a ByteArrayInputStream
            // resets to its start, which the client's retries and checksums need.
            Exchange done = template().send(ENDPOINT, ex -> {
                Message m = ex.getIn();
                m.setHeader(CLIENT, client);
                m.setHeader(BUCKET, settings.bucket());
                m.setHeader(PART_SIZE, (long) settings.partSizeBytes());
                m.setHeader(AWS2S3Constants.KEY, fullKey);
                m.setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) length);
                if (storageClass != null) {
                    m.setHeader(AWS2S3Constants.STORAGE_CLASS, storageClass);
                }
                m.setBody(new ByteArrayInputStream(bytes, 0, length));
            });
            Exception e = done.getException();
            if (e != null) {
                throw failure(key, length < settings.partSizeBytes() ? "put" : "multipart upload of", e);
            }
        }

        /** The client's own failure, told as the SDK writer tells it; anything else (no route, say) by its message. */
        private SnapdockException failure(String key, String op, Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof SdkException sdk) {
                    return failures.fail(op, key, sdk);
                }
                if (c instanceof SnapdockException se) {
                    return se;
                }
            }
            return SnapdockException.unavailable(failures.where(op, key) + " failed: "
                    + Secrets.redact(String.valueOf(SnapdockException.rootMessage(e))), null);
        }

        @Override
        public void close() {
            camel.getRegistry().unbind(client);
        }
    }
}
