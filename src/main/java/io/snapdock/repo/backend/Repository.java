package io.snapdock.repo.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where snapshots are kept: a local folder or an S3 bucket. Keys are relative, '/'-separated
 * ({@code snapshots/20260407T060000Z/main/globals.sql}); every implementation refuses a key
 * that could leave the repository ({@link Keys#check}). Objects are written through
 * {@link PendingObject}: nothing is visible under its key until {@code commit()}.
 */
public interface Repository extends AutoCloseable {

    /** Where it is, for messages and the manifest: no credentials in it. */
    String describe();

    /** Fails with a clear {@code SnapdockException} when the repository cannot be used. */
    void check();

    /** Starts writing {@code key}; the object appears only when the returned stream is committed. */
    PendingObject create(String key) throws IOException;

    /** Writes a small object at once (manifests, records). */
    default void put(String key, byte[] content) throws IOException {
        try (PendingObject out = create(key)) {
            out.write(content);
            out.commit();
        }
    }

    /** Opens {@code key}; throws {@link java.nio.file.NoSuchFileException} when it does not exist. */
    InputStream open(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** {@code length} bytes of {@code key} from {@code offset} (a chunk inside a pack). */
    default byte[] read(String key, long offset, int length) throws IOException {
        try (InputStream in = open(key)) {
            in.skipNBytes(offset);
            byte[] out = in.readNBytes(length);
            if (out.length != length) {
                throw new java.io.EOFException(key + " ends before offset " + (offset + length));
            }
            return out;
        }
    }

    /** The size of {@code key} in bytes; {@link java.nio.file.NoSuchFileException} when it does not exist. */
    long size(String key) throws IOException;

    /** The names directly below {@code prefix} (which ends with '/'), folders and objects alike. */
    List<String> children(String prefix) throws IOException;

    /** Every key below {@code prefix}, recursively. */
    List<String> list(String prefix) throws IOException;

    void delete(String key) throws IOException;

    /**
     * Every key below {@code prefix}, recursively, with a tag that changes whenever the object is
     * written again (S3: its ETag; a folder: size and modification time): what a cache of objects
     * that are never rewritten (manifests) or rarely (validation records) is checked against, in
     * one listing instead of one request per object.
     */
    default java.util.Map<String, String> versions(String prefix) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String key : list(prefix)) {
            out.put(key, size(key) + "@" + modified(key));
        }
        return out;
    }

    /**
     * When {@code key} was last written. The garbage collection's grace period relies on it: an
     * implementation that cannot tell answers "now", so nothing of it is ever too old to keep.
     */
    default java.time.Instant modified(String key) throws IOException {
        size(key);
        return java.time.Instant.now();
    }

    @Override
    default void close() {
    }

    /** An object being written: {@link #commit()} publishes it; {@link #close()} without commit discards it. */
    abstract class PendingObject extends OutputStream {
        public abstract void commit() throws IOException;
    }
}
