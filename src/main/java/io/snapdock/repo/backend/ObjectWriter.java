package io.snapdock.repo.backend;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * How an S3 repository sends an object it holds whole in memory (a pack, an index file, a manifest,
 * a record, a lock). {@code serve}, the CLI and {@code camel run} send it through the route
 * {@code s3-put} (camel-aws2-s3, {@link RouteObjectWriters}), where the uploads count in the route
 * metrics and show in JMX; a repository opened without Camel (tests, tools) sends it with the SDK
 * ({@link SdkObjectWriter}). Both use the repository's own client, with its retries, timeouts and
 * checksum setting, and both fail with a {@link io.snapdock.SnapdockException} naming the
 * operation, bucket and key, never a secret.
 */
public interface ObjectWriter extends AutoCloseable {

    /**
     * Writes the first {@code length} bytes of {@code bytes} as {@code key} (relative to the
     * repository): one PUT below the part size, a multipart upload of parts of that size from there.
     */
    void put(String key, byte[] bytes, int length);

    @Override
    default void close() {
    }

    /** Makes the writer of one repository, given the client that repository reads with. */
    @FunctionalInterface
    interface Factory {
        ObjectWriter create(S3Client client, S3Settings settings);
    }
}
