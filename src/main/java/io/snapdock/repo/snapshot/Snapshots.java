package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.Stamp;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.ContentRoots;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.PackContents;
import io.snapdock.repo.content.RepositoryConfig;
import io.snapdock.repo.content.RepositoryKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot layout on top of a {@link Repository}:
 * <pre>
 * snapshots/&lt;stamp&gt;/started.json        written first: reserves the stamp
 * snapshots/&lt;stamp&gt;/manifest.json       written LAST: only now is the snapshot restorable
 * snapshots/&lt;stamp&gt;/validation.json     the latest check of it
 * config.json, data/, index/             the content store the manifests' chunks live in
 * </pre>
 * With {@link ContentSettings} (the repository) every artifact is cut into chunks stored once in
 * the {@link ContentStore}; without (the local staging of stop-mode copies) an artifact is one
 * plain object {@code snapshots/<stamp>/<store>/<artifact>}, which is also how format-1
 * snapshots are read. The manifests are written and read by {@link ManifestFiles}, the lines of
 * {@code list} gathered by {@link SnapshotListing}; as {@link ContentRoots} this layout tells the
 * content store's check and garbage collection which chunks the manifests refer to.
 */
public final class Snapshots implements ContentRoots {

    public static final String ROOT = "snapshots/";
    /** Where the safety snapshots taken before a restore live (same layout, never listed as snapshots). */
    public static final String SAFETY_ROOT = "safety/";
    /** Beside the manifest in an encrypted repository: its HMAC, written just before it. */
    static final String MANIFEST_MAC = "manifest.mac";

    /** How new content is cut, compressed and sealed; the key (null: unencrypted). */
    public record ContentSettings(RepositoryKey key, int averageChunk, int compressionLevel, int packSize) {
    }

    private final Repository repo;
    private final ContentSettings settings;
    private ContentStore content;
    /** The prefix the snapshots live under: {@link #ROOT}, or {@link #SAFETY_ROOT} for {@link #safety()}. */
    private final String root;
    /** A view under another prefix shares the content store of the snapshots it was made from. */
    private final Snapshots parent;

    private final ManifestFiles manifests;
    private final SnapshotListing listing;

    public Snapshots(Repository repo) {
        this(repo, null);
    }

    public Snapshots(Repository repo, ContentSettings settings) {
        this(repo, settings, ROOT, null);
    }

    private Snapshots(Repository repo, ContentSettings settings, String root, Snapshots parent) {
        this.repo = repo;
        this.settings = settings;
        this.root = root;
        this.parent = parent;
        this.manifests = new ManifestFiles(this);
        this.listing = new SnapshotListing(this);
    }

    /**
     * The safety snapshots ({@code safety/<stamp>/}, same layout as {@code snapshots/<stamp>/}),
     * their chunks in the same content store: what did not change since a backup costs nothing.
     */
    public Snapshots safety() {
        return new Snapshots(repo, settings, SAFETY_ROOT, parent != null ? parent : this);
    }

    /** The prefix of this view's snapshots ({@code snapshots/} or {@code safety/}). */
    public String root() {
        return root;
    }

    /**
     * The content store, opened (and the key checked) on first use; {@code create}: a repository
     * without one gets its config now. Null for plain snapshots, or when none exists and none is created.
     */
    @Override
    public synchronized ContentStore content(boolean create) {
        if (parent != null) {
            return parent.content(create);
        }
        if (settings == null) {
            return null;
        }
        if (content == null) {
            content = ContentStore.open(repo, settings.key(), create, settings.averageChunk(),
                    settings.compressionLevel(),
                    settings.packSize());
        }
        return content;
    }

    /** Before a backup writes: the content store exists, the key is the right one, the index is current. */
    public void prepareForBackup() throws IOException {
        ContentStore c = content(true);
        if (c != null) {
            c.refresh();
        }
    }

    /**
     * Before a snapshot is validated or restored: when it is made of chunks, the content store
     * opens with the right key (a missing or wrong key is refused here, before anything is read
     * or any store touched) and its index is current.
     */
    public void requireReadable(Manifest manifest) {
        boolean chunked = manifest.stores.stream().flatMap(s -> s.artifacts.stream()).anyMatch(a -> a.chunks != null);
        if (chunked) {
            ContentStore c = contentForReading();
            String problem = manifestProblem(c, manifest.stamp);
            if (problem != null) {
                throw SnapdockException.failed(problem + "; nothing was changed");
            }
            try {
                c.refresh();
            } catch (IOException e) {
                throw SnapdockException.unavailable("repository " + repo.describe() + ": its index cannot be read: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Why the manifest of {@code stamp} cannot be trusted, or null (it is authentic, or the repository is unencrypted). */
    public String manifestProblem(ContentStore c, String stamp) {
        return manifests.problem(c, stamp);
    }

    /** The same, for manifest bytes already read. */
    public String manifestProblem(ContentStore c, String stamp, byte[] bytes) {
        return manifests.problem(c, stamp, bytes);
    }

    /** The content store a snapshot's chunks are read from; a clear failure when there is none. */
    public ContentStore contentForReading() {
        ContentStore c = content(false);
        if (c == null) {
            throw SnapdockException.failed("repository " + repo.describe() + " has no " + RepositoryConfig.KEY
                    + ": its chunks cannot be read");
        }
        return c;
    }

    @Override
    public Repository repository() {
        return repo;
    }

    @Override
    public Set<String> liveChunks() throws IOException {
        return SnapshotRoots.liveChunks(repo);
    }

    @Override
    public List<Root> manifests(ContentStore content) throws IOException {
        return SnapshotRoots.manifests(this, content);
    }

    public static String artifactKey(String stamp, String store, String artifact) {
        return ROOT + Stamp.require(stamp) + "/" + Names.requireStoreName(store) + "/" + artifact;
    }

    /** Where a format-1 artifact (a whole object) of this view's snapshot lives. */
    private String storedKey(String stamp, String store, Manifest.Artifact artifact) {
        return root + artifactKey(stamp, store, artifact.name).substring(ROOT.length());
    }

    private String key(String stamp, String file) {
        return root + Stamp.require(stamp) + "/" + file;
    }

    /** A file beside the manifest of {@code stamp} (e.g. a safety snapshot's outcome.json). */
    public String fileKey(String stamp, String file) {
        return key(stamp, file);
    }

    /** Reserves a fresh stamp at or after {@code now}: never reuses one that holds anything. */
    public String allocate(Instant now, Map<String, Object> startInfo) throws IOException {
        Instant t = now;
        for (int i = 0; i < 120; i++, t = t.plusSeconds(1)) {
            String stamp = Stamp.of(t);
            if (repo.children(root + stamp + "/").isEmpty()) {
                repo.put(key(stamp, "started.json"), Json.write(startInfo).getBytes(StandardCharsets.UTF_8));
                return stamp;
            }
        }
        throw SnapdockException.failed("could not reserve a snapshot stamp near " + Stamp.of(now));
    }

    public ArtifactOutput openArtifact(String stamp, String store, Manifest.Artifact artifact) throws IOException {
        ContentStore c = content(true);
        if (c != null) {
            Names.requireStoreName(store);
            return new ArtifactOutput(c.newObject(), artifact);
        }
        return new ArtifactOutput(repo.create(storedKey(stamp, store, artifact)), artifact);
    }

    /** Reads an artifact back; for chunks, each is authenticated and the whole checked against the manifest at the end. */
    public InputStream readArtifact(String stamp, String store, Manifest.Artifact artifact) throws IOException {
        if (artifact.chunks != null) {
            return contentForReading().read(artifact, store + "/" + artifact.name + " of snapshot " + stamp);
        }
        return repo.open(storedKey(stamp, store, artifact));
    }

    /**
     * Publishes a snapshot: first every pack and index file it needs, then (checked: every chunk
     * it lists is in a pack of the repository) the manifest, the one write that makes it restorable.
     * Returns the packs uploaded for it (what a verification of the new data reads back).
     */
    public List<PackContents> writeManifest(Manifest manifest) throws IOException {
        return manifests.write(manifest);
    }

    /** The manifest of {@code stamp}; a clear NOT_FOUND when the snapshot is absent or unfinished. */
    public Manifest manifest(String stamp) {
        return manifests.read(stamp);
    }

    /** The manifest's exact bytes (what its authentication code covers), or null when there is none. */
    public byte[] manifestBytes(String stamp) throws IOException {
        return manifests.bytes(stamp);
    }

    public static Manifest parseManifest(String stamp, byte[] bytes) {
        return ManifestFiles.parse(stamp, bytes);
    }

    /** Deletes everything under {@code stamp} except a manifest (a snapshot with a manifest is never discarded). */
    public void discard(String stamp) throws IOException {
        String prefix = root + Stamp.require(stamp) + "/";
        if (repo.exists(prefix + "manifest.json")) {
            return;
        }
        for (String key : repo.list(prefix)) {
            repo.delete(key);
        }
    }

    public void writeValidation(ValidationReport report) throws IOException {
        repo.put(key(report.stamp, "validation.json"), Json.write(report).getBytes(StandardCharsets.UTF_8));
    }

    /** The last validation of {@code stamp}, or null if it was never checked. */
    public ValidationReport validation(String stamp) {
        try (InputStream in = repo.open(key(stamp, "validation.json"))) {
            return Json.MAPPER.readValue(in, ValidationReport.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stamps holding anything, newest first (complete or not). */
    public List<String> stamps() throws IOException {
        List<String> out = new ArrayList<>();
        for (String child : repo.children(root)) {
            if (Stamp.isValid(child)) {
                out.add(child);
            }
        }
        out.sort(Comparator.reverseOrder());
        return out;
    }

    /**
     * One line of {@code list}: a complete snapshot, or an incomplete one (never restorable);
     * {@code where}: {@code primary}, {@code replica} or {@code both} (see {@link #withWhere}).
     */
    public record Summary(String stamp, boolean complete, List<String> stores, long size, long added, String encryption,
            String validation, int failedStores, String where) {
        public Summary(String stamp, boolean complete, List<String> stores, long size, long added, String encryption,
                String validation, int failedStores) {
            this(stamp, complete, stores, size, added, encryption, validation, failedStores, "primary");
        }

        public Summary withWhere(String where) {
            return new Summary(stamp, complete, stores, size, added, encryption, validation, failedStores, where);
        }
    }

    /** Every snapshot, newest first ({@link SnapshotListing#list}). */
    public List<Summary> list() throws IOException {
        return listing.list();
    }

    /** One snapshot's line of {@code list}: incomplete when it has no manifest (or an unreadable one). */
    public Summary summary(String stamp) throws IOException {
        return listing.summary(stamp);
    }

    /** Where {@link #list()} keeps its lines between runs (a file in the state folder); null: nowhere. */
    public void listCache(java.nio.file.Path file) {
        listing.cache(file);
    }

    /** How many manifests {@link #list()} reads at once ({@code snapdock.list.readers}). */
    public void listReaders(int readers) {
        listing.readers(readers);
    }
}
