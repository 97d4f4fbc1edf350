package io.snapdock.repo.content;

import com.github.luben.zstd.Zstd;
import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content-addressed part of a repository (restic's model):
 * <pre>
 * config.json                how content is cut, compressed and sealed; the key's id
 * data/&lt;hh&gt;/&lt;pack id&gt;      packs: sealed zstd chunks, then a sealed header listing them
 * index/&lt;file id&gt;          append-only index files: pack → chunks (each run adds its own)
 * </pre>
 * A chunk is stored once, whatever artifact, store or snapshot it belongs to. Packs are uploaded
 * before the index file that lists them, and both before the manifest that uses them: a run
 * killed halfway leaves only packs nothing refers to, which {@code check} reports.
 */
public final class ContentStore {

    public static final String DATA = io.snapdock.repo.backend.Keys.DATA;
    public static final String INDEX = "index/";

    private final Repository repo;
    private final RepositoryConfig config;
    private final Seal seal;
    private final byte[] idKey;
    /** Authenticates manifests (encrypted repositories only: an unencrypted one has no secret to key it with). */
    private final byte[] manifestKey;
    private final Chunker chunker;
    private final int compressionLevel;
    private final PackWriter packs;
    private final int packSize;
    /** Chunks whose pack is in the repository, as the index files say. */
    private final Map<String, Location> index = new ConcurrentHashMap<>();
    private final Map<String, PackContents> indexedPacks = new ConcurrentHashMap<>();
    private final Set<String> loadedIndexFiles = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newIdMac);
    private java.util.concurrent.ExecutorService workers;

    /** Where a chunk is. */
    public record Location(String pack, Blob blob) {
    }

    /** A chunk handed to the store: its id, and how many bytes were added to the repository for it (0 = known). */
    public record Stored(String id, int added) {
    }

    ContentStore(Repository repo, RepositoryConfig config, RepositoryKey key, int compressionLevel, int packSize) {
        this.repo = repo;
        this.config = config;
        this.compressionLevel = compressionLevel;
        if (config.encrypted()) {
            this.seal = Seal.aesGcm(key.derive("snapdock data"));
            this.idKey = key.derive("snapdock chunk id");
            this.manifestKey = key.derive("snapdock manifest");
            this.chunker = new Chunker(key.derive("snapdock chunker"), config.chunker.min, config.chunker.avg,
                    config.chunker.max);
        } else {
            this.seal = Seal.none();
            this.idKey = HexFormat.of().parseHex(config.chunkIdKey);
            this.manifestKey = null;
            this.chunker = new Chunker(HexFormat.of().parseHex(config.chunkerSeed), config.chunker.min,
                    config.chunker.avg,
                    config.chunker.max);
        }
        this.packSize = packSize;
        this.packs = new PackWriter(repo, seal, packSize, this::indexed);
    }

    /**
     * Opens the content store of {@code repo}, creating its config when {@code create} is set and
     * there is none. Refuses a missing, wrong or superfluous key before anything else happens.
     * Returns null when the repository has no config and {@code create} is not set.
     */
    public static ContentStore open(Repository repo, RepositoryKey key, boolean create, int averageChunk,
                                    int compressionLevel, int packSize) {
        RepositoryConfig config = RepositoryConfig.read(repo);
        if (config == null && create) {
            RepositoryConfig fresh = RepositoryConfig.create(key, averageChunk);
            fresh.checkKey(key, repo.describe());
            try {
                config = RepositoryConfig.createIfAbsent(repo, fresh);
            } catch (IOException e) {
                throw SnapdockException.unavailable("repository " + repo.describe() + ": cannot write "
                        + RepositoryConfig.KEY + ": " + e.getMessage(), e);
            }
        }
        if (config == null) {
            return null;
        }
        config.checkKey(key, repo.describe());
        return new ContentStore(repo, config, key, compressionLevel, packSize);
    }

    public RepositoryConfig config() {
        return config;
    }

    public Repository repository() {
        return repo;
    }

    Chunker chunker() {
        return chunker;
    }

    public static String packKey(String pack) {
        return DATA + pack.substring(0, 2) + "/" + pack;
    }

    int packSize() {
        return packSize;
    }

    /**
     * Reads the index files written since the last call (by this process or another). When one it
     * had read is gone, a prune rewrote the index (and may have removed or repacked packs): the
     * index is then read again from scratch.
     */
    public synchronized void refresh() throws IOException {
        List<String> files = repo.children(INDEX);
        if (!new java.util.HashSet<>(files).containsAll(loadedIndexFiles)) {
            index.clear();
            indexedPacks.clear();
            loadedIndexFiles.clear();
        }
        for (String file : files) {
            if (!loadedIndexFiles.contains(file)) {
                for (PackContents p : readIndexFile(file)) {
                    indexed(p);
                }
                loadedIndexFiles.add(file);
            }
        }
    }

    List<PackContents> readIndexFile(String file) throws IOException {
        return IndexFiles.read(repo, seal, file);
    }

    /**
     * Writes an index file listing {@code contents} (its name is random, so concurrent writers never
     * collide); this store knows their chunks from then on.
     */
    void writeIndexFile(Collection<PackContents> contents) throws IOException {
        loadedIndexFiles.add(IndexFiles.write(repo, seal, contents));
        contents.forEach(this::indexed);
    }

    private void indexed(PackContents p) {
        indexedPacks.put(p.pack(), p);
        for (Blob b : p.blobs()) {
            index.putIfAbsent(b.id(), new Location(p.pack(), b));
        }
    }

    public Location locate(String id) {
        return index.get(id);
    }

    /** Every pack the index files list. */
    public Map<String, PackContents> indexedPacks() {
        return indexedPacks;
    }

    /**
     * The authentication code of a manifest's exact bytes (hex), or null in an unencrypted
     * repository. Stored beside it, it makes a manifest changed after it was written (another list
     * of chunks, another checksum) fail before anything is restored from it.
     */
    public String manifestMac(byte[] manifest) {
        return manifestKey == null ? null : HexFormat.of().formatHex(RepositoryKey.hmac(manifestKey, manifest));
    }

    private Mac newIdMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(idKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunk-id MAC of the calling thread (a Mac is not thread-safe). */
    Mac threadMac() {
        return macs.get();
    }

    /** Threads that hash, compress and seal chunks beside the threads reading dumps: one per core. */
    synchronized java.util.concurrent.ExecutorService workers() {
        if (workers == null) {
            workers = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.max(2, Runtime.getRuntime().availableProcessors()),
                    r -> {
                        Thread t = new Thread(r, "snapdock-chunks");
                        t.setDaemon(true);
                        return t;
                    });
        }
        return workers;
    }

    /** The result of a worker's task; its IOException (a ChunkReadException, say) as itself. */
    public static <T> T await(java.util.concurrent.Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a chunk");
        }
    }

    /** Stores one chunk unless the repository (or the pack being filled) already holds it. */
    Stored store(byte[] chunk) throws IOException {
        byte[] idBytes = threadMac().doFinal(chunk);
        String id = HexFormat.of().formatHex(idBytes);
        if (index.containsKey(id) || !packs.reserve(id)) {
            return new Stored(id, 0);
        }
        byte[] sealed;
        try {
            sealed = seal.seal(Zstd.compress(chunk, compressionLevel), idBytes);
        } catch (RuntimeException e) {
            packs.release(id);
            throw new IOException("zstd compression failed: " + e.getMessage(), e);
        }
        packs.add(id, sealed, chunk.length);
        return new Stored(id, sealed.length);
    }

    /** Uploads the pack being filled and an index file for every pack not yet in one; returns those packs. */
    public List<PackContents> flush() throws IOException {
        List<PackContents> fresh = packs.flush();
        if (!fresh.isEmpty()) {
            writeIndexFile(fresh);
        }
        return fresh;
    }

    /**
     * Reads pack {@code p} back whole and authenticates every chunk the index lists in it: its
     * bytes must still match its name. Returns what failed (empty: the pack is intact).
     */
    public List<ChunkReadException> verifyPack(PackContents p) throws IOException {
        return PackVerification.verify(this, p);
    }

    /** The chunks of {@code ids} that are not (yet) in a pack of the repository. */
    public List<String> missing(Collection<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (!index.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** A new artifact being written: cut, stored and listed chunk by chunk. */
    public ChunkedObject newObject() {
        return new ChunkedObject(this);
    }

    /** Reads an artifact back, every chunk authenticated and its id checked, the whole SHA-256 compared at the end. */
    public InputStream read(Manifest.Artifact artifact, String what) {
        return new ChunkedInputStream(this, artifact, what);
    }

    /** The plaintext of chunk {@code id}: fetched from its pack, authenticated, decompressed, its id re-computed. */
    byte[] readChunk(String id) throws IOException {
        Location loc = index.get(id);
        if (loc == null) {
            refresh();
            loc = index.get(id);
        }
        if (loc == null) {
            throw new ChunkReadException("chunk_missing", "chunk " + shortId(id) + " is in no index file");
        }
        byte[] sealed;
        try {
            sealed = repo.read(packKey(loc.pack()), loc.blob().offset(), loc.blob().length());
        } catch (NoSuchFileException e) {
            // A prune may have repacked the chunk since the index was read: look again once.
            refresh();
            Location moved = index.get(id);
            if (moved == null || moved.equals(loc)) {
                throw new ChunkReadException("pack_missing", "pack " + loc.pack() + " is missing from the repository");
            }
            loc = moved;
            try {
                sealed = repo.read(packKey(loc.pack()), loc.blob().offset(), loc.blob().length());
            } catch (NoSuchFileException again) {
                throw new ChunkReadException("pack_missing", "pack " + loc.pack() + " is missing from the repository");
            }
        }
        return openChunk(id, loc.pack(), loc.blob(), sealed, 0);
    }

    byte[] openChunk(String id, String pack, Blob blob, byte[] bytes, int off) throws ChunkReadException {
        byte[] idBytes = HexFormat.of().parseHex(id);
        byte[] plain;
        try {
            byte[] compressed = seal.open(bytes, off, blob.length(), idBytes);
            plain = Zstd.decompress(compressed, blob.size());
        } catch (Seal.BrokenSealException e) {
            throw damaged(pack, blob, e.getMessage());
        } catch (RuntimeException e) {
            throw damaged(pack, blob, "not a zstd frame");
        }
        if (plain.length != blob.size() || !Arrays.equals(threadMac().doFinal(plain), idBytes)) {
            throw damaged(pack, blob, "content does not match its id");
        }
        return plain;
    }

    static ChunkReadException damaged(String pack, Blob blob, String why) {
        return new ChunkReadException("pack_damaged", "pack " + pack + " is damaged: chunk " + shortId(blob.id())
                + " at offset " + blob.offset() + ": " + why);
    }

    static String shortId(String id) {
        return id.length() > 16 ? id.substring(0, 16) : id;
    }

    /** The list of a pack read from its own header (the trailer), for {@code check}. */
    public PackContents readPackHeader(String pack) throws IOException {
        return PackWriter.readHeader(repo, seal, pack);
    }

    Seal seal() {
        return seal;
    }
}
