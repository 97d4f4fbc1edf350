package io.snapdock.repo.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A pack read back whole, for {@code check --read-data} and the validation of fresh packs. */
final class PackVerification {

    private PackVerification() {
    }

    /**
     * Reads pack {@code p} back whole and authenticates every chunk the index lists in it: its
     * bytes must still match its name. Returns what failed (empty: the pack is intact).
     */
    static List<ChunkReadException> verify(ContentStore store, PackContents p) throws IOException {
        List<ChunkReadException> failures = new ArrayList<>();
        byte[] bytes;
        try (InputStream in = store.repository().open(ContentStore.packKey(p.pack()))) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            failures.add(
                    new ChunkReadException("pack_missing", "pack " + p.pack() + " is missing from the repository"));
            return failures;
        }
        String sha = HexFormat.of().formatHex(PackWriter.sha256(bytes));
        if (!sha.equals(p.pack())) {
            failures.add(new ChunkReadException("pack_damaged", "pack " + p.pack()
                    + " no longer matches its name (SHA-256 " + sha + ")"));
        }
        for (Blob b : p.blobs()) {
            try {
                if (b.offset() + b.length() > bytes.length) {
                    throw ContentStore.damaged(p.pack(), b, "it lies beyond the end of the pack");
                }
                store.openChunk(b.id(), p.pack(), b, bytes, (int) b.offset());
            } catch (ChunkReadException e) {
                failures.add(e);
            }
        }
        return failures;
    }
}
