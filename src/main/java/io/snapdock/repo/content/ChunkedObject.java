package io.snapdock.repo.content;

import io.snapdock.model.Manifest;
import io.snapdock.repo.Repository;

import javax.crypto.Mac;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An artifact streamed into the content store: bytes gather in a buffer of the chunker's maximum
 * size; each time it is full the next content-defined chunk is cut off and stored (or found to be
 * stored already). Memory held: one maximum-size chunk. Nothing is published by a commit here:
 * the chunks are in packs, and the artifact exists only once a manifest lists them.
 */
public final class ChunkedObject extends Repository.PendingObject {

    private final ContentStore store;
    private final Chunker chunker;
    private final Mac mac;
    private final byte[] buf;
    private int len;
    private final List<String> ids = new ArrayList<>();
    private long added;
    private boolean closed;

    ChunkedObject(ContentStore store) {
        this.store = store;
        this.chunker = store.chunker();
        this.mac = store.newIdMac();
        this.buf = new byte[chunker.max()];
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
            int take = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, take);
            len += take;
            off += take;
            n -= take;
            if (len == buf.length) {
                storeNext();
            }
        }
    }

    private void storeNext() throws IOException {
        int cut = chunker.cut(buf, 0, len);
        ContentStore.Stored s = store.store(buf, 0, cut, mac);
        ids.add(s.id());
        added += s.added();
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
    }

    @Override
    public void commit() throws IOException {
        while (len > 0) {
            storeNext();
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
        closed = true;
    }
}
