package io.snapdock.repo.content;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a content store's chunks are kept for: the manifests of the snapshots written on top of it.
 * Those live in the layer above (the snapshot layout implements this), so the check and the garbage
 * collection are handed their roots instead of reading another layer's files themselves.
 */
public interface ContentRoots {

    /** The repository the content store and the manifests are in. */
    Repository repository();

    /** The content store, opened on first use; null when there is none and {@code create} is not set. */
    ContentStore content(boolean create);

    /**
     * The chunk ids every manifest left refers to, regular snapshots and safety snapshots alike. A
     * manifest that cannot be read fails the call: its chunks could not be told apart from garbage.
     */
    Set<String> liveChunks() throws IOException;

    /**
     * Every finished snapshot's manifest, each read once, regular snapshots first, then the safety
     * snapshots taken before restores (their chunks are needed too). With {@code content} (an
     * encrypted repository's store) each one is also authenticated.
     */
    List<Root> manifests(ContentStore content) throws IOException;

    /**
     * One snapshot's manifest as read: {@code manifest} null when it cannot be parsed
     * ({@code unreadable} says why); {@code tampered} set when it fails its authentication check.
     */
    record Root(String stamp, boolean safety, Manifest manifest, String unreadable, String tampered) {
    }
}
