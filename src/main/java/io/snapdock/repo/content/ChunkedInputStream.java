package io.snapdock.repo.content;

import io.snapdock.model.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Future;

/**
 * An artifact read back chunk by chunk. Every chunk is authenticated and its id re-computed
 * ({@link ContentStore#readChunk}); at the end the size and the SHA-256 of the whole are compared
 * with the manifest, so a consumer that reads to the end has read exactly what was backed up.
 * The next chunks are fetched and opened by the store's workers while the current one is read
 * (S3 latency and decryption overlap the consumer). Memory held: up to {@link #READ_AHEAD} + 1 chunks.
 */
final class ChunkedInputStream extends InputStream {

    private final ContentStore store;
    private final Manifest.Artifact artifact;
    private final String what;
    private final List<String> ids;
    private static final int READ_AHEAD = 4;
    private final MessageDigest sha = PackWriter.newSha256();
    private int next;
    private final Deque<Future<byte[]>> ahead = new ArrayDeque<>();
    private byte[] chunk = new byte[0];
    private int pos;
    private long total;
    private boolean verified;
    private ChunkReadException failure;

    ChunkedInputStream(ContentStore store, Manifest.Artifact artifact, String what) {
        this.store = store;
        this.artifact = artifact;
        this.what = what;
        this.ids = artifact.chunks;
    }

    private boolean fill() throws IOException {
        if (failure != null) {
            // Whoever reads on after a failure (a tool draining its input) gets the same failure, never a gap.
            throw failure;
        }
        try {
            return advance();
        } catch (ChunkReadException e) {
            failure = e;
            throw e;
        }
    }

    private boolean advance() throws IOException {
        while (pos >= chunk.length) {
            while (ahead.size() < READ_AHEAD && next < ids.size()) {
                String id = ids.get(next++);
                ahead.add(store.workers().submit(() -> store.readChunk(id)));
            }
            if (ahead.isEmpty()) {
                verifyWhole();
                return false;
            }
            chunk = ContentStore.await(ahead.poll());
            pos = 0;
            sha.update(chunk);
            total += chunk.length;
        }
        return true;
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(false));
        ahead.clear();
    }

    private void verifyWhole() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (total != artifact.size) {
            throw new ChunkReadException("size_mismatch", what + ": chunks hold " + total + " bytes, the manifest says "
                    + artifact.size);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(artifact.sha256)) {
            throw new ChunkReadException("checksum_mismatch",
                    what + ": SHA-256 " + actual + " differs from the manifest's "
                            + artifact.sha256);
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.length - pos;
    }
}
