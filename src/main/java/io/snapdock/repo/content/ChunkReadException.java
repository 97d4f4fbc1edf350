package io.snapdock.repo.content;

import java.io.IOException;

/**
 * A chunk could not be read back intact. {@link #code()} is the finding's name
 * ({@code chunk_missing}, {@code pack_missing}, {@code pack_damaged}, {@code index_damaged},
 * {@code checksum_mismatch}); the message names the pack or index file.
 */
public class ChunkReadException extends IOException {

    private final String code;

    public ChunkReadException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
