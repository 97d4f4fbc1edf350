package io.snapdock.repo.content;

import io.snapdock.model.Json;
import io.snapdock.repo.backend.Repository;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Groups sealed chunks into packs of about {@code packSize} bytes, so a repository holds a few
 * objects of several MiB instead of one per chunk. A pack is:
 * <pre>
 * sealed chunk | sealed chunk | … | sealed header (the list of chunks) | header length (4 bytes)
 * </pre>
 * and is named by the SHA-256 of its bytes. Memory held: one pack being filled. Chunks of the pack
 * being filled count as present (a second copy is not stored), and are withdrawn if its upload fails.
 */
final class PackWriter {

    static final byte[] HEADER_AAD = "snapdock pack header".getBytes(StandardCharsets.UTF_8);

    private final Repository repo;
    private final Seal seal;
    private final int packSize;
    private final Consumer<PackContents> onUploaded;
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private ByteArrayOutputStream current = new ByteArrayOutputStream();
    private List<Blob> blobs = new ArrayList<>();
    private final List<PackContents> unindexed = new ArrayList<>();

    PackWriter(Repository repo, Seal seal, int packSize, Consumer<PackContents> onUploaded) {
        this.repo = repo;
        this.seal = seal;
        this.packSize = packSize;
        this.onUploaded = onUploaded;
    }

    /** Claims {@code id} for storing; false when it is already stored or being stored. */
    boolean reserve(String id) {
        return reserved.add(id);
    }

    void release(String id) {
        reserved.remove(id);
    }

    synchronized void add(String id, byte[] sealed, int size) throws IOException {
        blobs.add(new Blob(id, current.size(), sealed.length, size));
        current.write(sealed);
        if (current.size() >= packSize) {
            upload();
        }
    }

    /** Uploads the pack being filled; returns every pack uploaded since the last call. */
    synchronized List<PackContents> flush() throws IOException {
        upload();
        List<PackContents> out = new ArrayList<>(unindexed);
        unindexed.clear();
        return out;
    }

    private void upload() throws IOException {
        if (blobs.isEmpty()) {
            return;
        }
        List<Blob> packed = blobs;
        ByteArrayOutputStream bytes = current;
        blobs = new ArrayList<>();
        current = new ByteArrayOutputStream();
        try {
            byte[] header = seal.seal(Json.MAPPER.writeValueAsBytes(packed), HEADER_AAD);
            bytes.write(header);
            bytes.write(ByteBuffer.allocate(4).putInt(header.length).array());
            byte[] pack = bytes.toByteArray();
            String id = HexFormat.of().formatHex(sha256(pack));
            repo.put(ContentStore.packKey(id), pack);
            PackContents contents = new PackContents(id, packed);
            unindexed.add(contents);
            onUploaded.accept(contents);
        } finally {
            // Uploaded: they are in the index now. Failed: they are not stored, so may be stored again.
            packed.forEach(b -> reserved.remove(b.id()));
        }
    }

    static PackContents readHeader(Repository repo, Seal seal, String pack) throws IOException {
        String key = ContentStore.packKey(pack);
        long size = repo.size(key);
        if (size < 4) {
            throw new ChunkReadException("pack_damaged", "pack " + pack + " is too short to be a pack");
        }
        int length = ByteBuffer.wrap(repo.read(key, size - 4, 4)).getInt();
        if (length <= 0 || length > size - 4) {
            throw new ChunkReadException("pack_damaged", "pack " + pack + " has no valid header");
        }
        byte[] sealed = repo.read(key, size - 4 - length, length);
        try {
            Blob[] blobs = Json.MAPPER.readValue(seal.open(sealed, 0, sealed.length, HEADER_AAD), Blob[].class);
            return new PackContents(pack, Arrays.asList(blobs));
        } catch (Seal.BrokenSealException e) {
            throw new ChunkReadException("pack_damaged",
                    "pack " + pack + ": its header failed its authentication check");
        } catch (IOException e) {
            throw new ChunkReadException("pack_damaged", "pack " + pack + ": its header is unreadable");
        }
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
