package io.snapdock.repo.content;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;

/**
 * An artifact streamed into the content store: bytes gather in a buffer of twice the chunker's
 * maximum size; when it is full, every content-defined chunk with a full window is cut off and
 * stored (or found to be stored already). Memory held: two maximum-size chunks (16 MiB at the
 * default sizes) plus up to four chunks in the workers' hands. Nothing is published by a commit here:
 * the chunks are in packs, and the artifact exists only once a manifest lists them.
 */
public final class ChunkedObject extends Repository.PendingObject {

    private final ContentStore store;
    private final Chunker chunker;
    private static final int IN_FLIGHT = 4;
    /** Twice the maximum chunk: cuts are taken from {@code start}; the rest moves down only when the end is reached. */
    private final byte[] buf;
    private int start;
    private int end;
    /** Chunks being hashed (and, when new, compressed, sealed, packed) by the store's workers, oldest first. */
    private final Deque<Future<ContentStore.Stored>> inFlight = new ArrayDeque<>();
    private final List<String> ids = new ArrayList<>();
    private long added;
    private boolean closed;

    ChunkedObject(ContentStore store) {
        this.store = store;
        this.chunker = store.chunker();
        this.buf = new byte[2 * chunker.max()];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        if (closed) {
            throw new IOException("artifact already closed");
        }
        while (n > 0) {
            if (end == buf.length) {
                // A cut needs a full maximum-size window: take every chunk that has one, keep the rest.
                while (end - start >= chunker.max()) {
                    storeNext();
                }
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int take = Math.min(n, buf.length - end);
            System.arraycopy(b, off, buf, end, take);
            end += take;
            off += take;
            n -= take;
        }
    }

    /**
     * Cuts the next chunk and hands it to a worker: hashing and storing run beside the reading
     * thread (which keeps cutting and computing the artifact's SHA-256). At most
     * {@link #IN_FLIGHT} chunks wait, so memory stays bounded and ids stay in order.
     */
    private void storeNext() throws IOException {
        int cut = chunker.cut(buf, start, end - start);
        byte[] chunk = Arrays.copyOfRange(buf, start, start + cut);
        start += cut;
        if (inFlight.size() >= IN_FLIGHT) {
            collect(inFlight.poll());
        }
        inFlight.add(store.workers().submit(() -> store.store(chunk)));
    }

    private void collect(Future<ContentStore.Stored> f) throws IOException {
        ContentStore.Stored s = ContentStore.await(f);
        ids.add(s.id());
        added += s.added();
    }

    @Override
    public void commit() throws IOException {
        while (end > start) {
            storeNext();
        }
        while (!inFlight.isEmpty()) {
            collect(inFlight.poll());
        }
        closed = true;
    }

    /** Fills the manifest entry: the chunk ids in order, and the bytes this artifact added to the repository. */
    public void describe(Manifest.Artifact artifact) {
        artifact.chunks = List.copyOf(ids);
        artifact.stored = added;
    }

    @Override
    public void close() {
        // Chunks already stored stay: unreferenced until a manifest uses them, removed by a prune.
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
        closed = true;
    }
}
