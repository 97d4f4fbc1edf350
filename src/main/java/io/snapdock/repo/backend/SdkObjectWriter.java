package io.snapdock.repo.backend;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;

/** Objects sent straight with the SDK: what a repository opened without Camel uses (see {@link ObjectWriter}). */
final class SdkObjectWriter implements ObjectWriter {

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Failures failures;
    private final ExecutorService uploads;

    SdkObjectWriter(S3Client s3, S3Settings settings, S3Failures failures, ExecutorService uploads) {
        this.s3 = s3;
        this.settings = settings;
        this.failures = failures;
        this.uploads = uploads;
    }

    @Override
    public void put(String key, byte[] bytes, int length) {
        if (length < settings.partSizeBytes()) {
            String fullKey = failures.full(key);
            try {
                s3.putObject(r -> r.bucket(settings.bucket()).key(fullKey).storageClass(settings.storageClassOf(key)),
                        length == 0 ? RequestBody.empty() : body(bytes, length));
            } catch (SdkException e) {
                throw failures.fail("put", key, e);
            }
            return;
        }
        // A part or more: the parallel part writer, as a stream written in one go.
        try (S3Upload upload = new S3Upload(s3, settings, failures, uploads, this, key)) {
            upload.write(bytes, 0, length);
            upload.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The buffer itself, not a copy: it is not reused before the request (and its retries) ended. */
    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }
}
