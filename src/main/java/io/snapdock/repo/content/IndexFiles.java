package io.snapdock.repo.content;

import io.snapdock.model.Json;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/** The files under {@code index/}: each a sealed JSON list of packs and the chunks in them. */
final class IndexFiles {

    private static final byte[] INDEX_AAD = "snapdock index".getBytes(StandardCharsets.UTF_8);
    private static final String INDEX = ContentStore.INDEX;

    private IndexFiles() {
    }

    static List<PackContents> read(Repository repo, Seal seal, String file) throws IOException {
        byte[] sealed;
        try (InputStream in = repo.open(INDEX + file)) {
            sealed = in.readAllBytes();
        }
        byte[] plain;
        try {
            plain = seal.open(sealed, 0, sealed.length, INDEX_AAD);
        } catch (Seal.BrokenSealException e) {
            throw new ChunkReadException("index_damaged",
                    "index file " + INDEX + file + " failed its authentication check ("
                            + e.getMessage() + ")");
        }
        try {
            return Arrays.asList(Json.MAPPER.readValue(plain, PackContents[].class));
        } catch (IOException e) {
            throw new ChunkReadException("index_damaged",
                    "index file " + INDEX + file + " is not an index: " + e.getMessage());
        }
    }

    /** Writes a new index file listing {@code contents} under a random name (concurrent writers never collide); returns the name. */
    static String write(Repository repo, Seal seal, Collection<PackContents> contents) throws IOException {
        byte[] plain = Json.MAPPER.writeValueAsBytes(contents);
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        String file = HexFormat.of().formatHex(id);
        repo.put(INDEX + file, seal.seal(plain, INDEX_AAD));
        return file;
    }
}
