package io.snapdock.repo.content;

import java.util.List;

/** What one pack holds: the list kept in the pack's own header and repeated in an index file. */
public record PackContents(String pack, List<Blob> blobs) {

    public long length() {
        return blobs.stream().mapToLong(Blob::length).sum();
    }
}
