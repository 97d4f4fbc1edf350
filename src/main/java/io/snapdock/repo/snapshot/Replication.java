package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.model.Stamp;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.PackContents;
import io.snapdock.repo.content.PackCopy;
import io.snapdock.repo.content.RepositoryConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies snapshots from the primary repository to the replica, a second repository with the
 * same {@code config.json} (so the same key, the same chunk ids and the same pack names). For one
 * snapshot, in this order:
 * <ol>
 * <li>{@code started.json} (reserves the stamp there too);</li>
 * <li>every pack the snapshot needs that the replica's index does not list, each verified
 *     ({@link PackCopy});</li>
 * <li>a new index file on the replica listing those packs;</li>
 * <li>{@code validation.json};</li>
 * <li>{@code manifest.mac} (encrypted repositories), then {@code manifest.json} LAST: a snapshot
 *     interrupted on its way is never listed on the replica as restorable.</li>
 * </ol>
 * A snapshot whose manifest is already on the replica is left alone: re-running copies nothing.
 */
public final class Replication {

    private static final String MANIFEST = "manifest.json";

    /** What happened to one snapshot: {@code copied}, or {@code present} (already there: nothing copied). */
    public record Result(String stamp, String status, int packs, long bytes) {
    }

    private final Snapshots primary;
    private final Snapshots replica;
    private final PackCopy copier;
    private ContentStore source;
    private ContentStore target;
    /** Packs the replica holds (its index files), plus those this replication copied. */
    private final Set<String> onReplica = new HashSet<>();

    public Replication(Snapshots primary, Snapshots replica, boolean readBack) {
        this.primary = primary;
        this.replica = replica;
        this.copier = new PackCopy(primary.repository(), replica.repository(), readBack);
    }

    /**
     * Makes the replica a copy of the primary's content store: its {@code config.json} is copied
     * when it has none, and refused when it has another one (another key, another chunker seed:
     * the chunk ids would not be the same). Then both indexes are read.
     */
    public synchronized void prepare() throws IOException {
        if (target != null) {
            return;
        }
        source = primary.contentForReading();
        Repository to = replica.repository();
        RepositoryConfig theirs = RepositoryConfig.read(to);
        if (theirs == null) {
            byte[] bytes;
            try (InputStream in = primary.repository().open(RepositoryConfig.KEY)) {
                bytes = in.readAllBytes();
            }
            to.put(RepositoryConfig.KEY, bytes);
            theirs = RepositoryConfig.read(to);
        }
        String mismatch = mismatch(source.config(), theirs);
        if (mismatch != null) {
            throw SnapdockException.badInput("replica " + to.describe() + " is not a copy of repository "
                    + primary.repository().describe() + ": its " + RepositoryConfig.KEY + " has " + mismatch
                    + "; point snapdock.replica at an empty location or at a replica of this repository; nothing was copied");
        }
        source.refresh();
        target = replica.contentForReading();
        target.refresh();
        onReplica.addAll(target.indexedPacks().keySet());
    }

    /** What differs between two configs in a way that makes their chunk ids differ, or null. */
    static String mismatch(RepositoryConfig ours, RepositoryConfig theirs) {
        if (!Objects.equals(ours.encryption, theirs.encryption)) {
            return "encryption " + theirs.encryption + " (the primary: " + ours.encryption + ")";
        }
        if (!Objects.equals(ours.keyId, theirs.keyId)) {
            return "key id " + theirs.keyId + " (the primary: key id " + ours.keyId + ")";
        }
        if (!Objects.equals(ours.chunkIdKey, theirs.chunkIdKey)
                || !Objects.equals(ours.chunkerSeed, theirs.chunkerSeed)) {
            return "another chunk-id key and chunker seed (it is another unencrypted repository)";
        }
        if (ours.chunker.min != theirs.chunker.min || ours.chunker.avg != theirs.chunker.avg
                || ours.chunker.max != theirs.chunker.max) {
            return "other chunk sizes (average " + theirs.chunker.avg + " bytes, the primary: " + ours.chunker.avg
                    + ")";
        }
        return null;
    }

    /** Copies snapshot {@code stamp} (complete on the primary) to the replica, manifest last. */
    public Result replicate(String stamp) throws IOException {
        prepare();
        Stamp.require(stamp);
        Repository from = primary.repository();
        Repository to = replica.repository();
        String dir = Snapshots.ROOT + stamp + "/";
        if (to.exists(dir + MANIFEST)) {
            return new Result(stamp, "present", 0, 0);
        }
        byte[] manifestBytes = primary.manifestBytes(stamp);
        if (manifestBytes == null) {
            throw SnapdockException.notFound(
                    "snapshot " + stamp + " has no manifest in " + from.describe() + ": nothing to replicate");
        }
        String problem = primary.manifestProblem(source, stamp, manifestBytes);
        if (problem != null) {
            throw SnapdockException.failed(problem + ": it is not replicated");
        }
        Manifest manifest = Snapshots.parseManifest(stamp, manifestBytes);
        copyIfPresent(dir + "started.json");

        Set<String> packs = new LinkedHashSet<>();
        for (Manifest.StoreEntry s : manifest.stores) {
            for (Manifest.Artifact a : s.artifacts) {
                if (a.chunks == null) {
                    // A format-1 artifact: one plain object beside the manifest.
                    copyObject(Snapshots.artifactKey(stamp, s.name, a.name));
                    continue;
                }
                for (String id : a.chunks) {
                    ContentStore.Location loc = source.locate(id);
                    if (loc == null) {
                        // Written since this store read the index (by another backup): read the new index files.
                        source.refresh();
                        loc = source.locate(id);
                    }
                    if (loc == null) {
                        throw SnapdockException
                                .failed("chunk " + id + " of snapshot " + stamp + " is in no index file of "
                                        + from.describe() + ": it is not replicated");
                    }
                    packs.add(loc.pack());
                }
            }
        }
        List<PackContents> copied = new ArrayList<>();
        long bytes = 0;
        for (String pack : packs) {
            synchronized (onReplica) {
                if (onReplica.contains(pack)) {
                    continue;
                }
            }
            bytes += copier.copy(pack);
            copied.add(source.indexedPacks().get(pack));
        }
        PackCopy.writeIndex(target, copied);
        synchronized (onReplica) {
            copied.forEach(p -> onReplica.add(p.pack()));
        }
        copyIfPresent(dir + "validation.json");
        copyIfPresent(dir + Snapshots.MANIFEST_MAC);
        to.put(dir + MANIFEST, manifestBytes);
        return new Result(stamp, "copied", copied.size(), bytes);
    }

    /** Snapshots complete on the primary whose manifest is not on the replica, oldest first. */
    public List<String> missing() throws IOException {
        Set<String> there = completeStamps(replica.repository());
        List<String> out = new ArrayList<>();
        for (String stamp : completeStamps(primary.repository())) {
            if (!there.contains(stamp)) {
                out.add(stamp);
            }
        }
        return out;
    }

    /** The stamps of {@code repo} that have a manifest (one listing of {@code snapshots/}), oldest first. */
    public static Set<String> completeStamps(Repository repo) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String key : repo.list(Snapshots.ROOT)) {
            String rest = key.startsWith(Snapshots.ROOT) ? key.substring(Snapshots.ROOT.length()) : key;
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(MANIFEST) && Stamp.isValid(rest.substring(0, slash))) {
                out.add(rest.substring(0, slash));
            }
        }
        return out;
    }

    private void copyIfPresent(String key) throws IOException {
        try (InputStream in = primary.repository().open(key)) {
            replica.repository().put(key, in.readAllBytes());
        } catch (NoSuchFileException e) {
            // not there: nothing to copy
        }
    }

    /** Streams a whole object (format-1 artifacts). */
    private void copyObject(String key) throws IOException {
        try (InputStream in = primary.repository().open(key);
             Repository.PendingObject out = replica.repository().create(key)) {
            in.transferTo(out);
            out.commit();
        }
    }

    @Override
    public String toString() {
        return primary.repository().describe() + " -> " + replica.repository().describe();
    }
}
