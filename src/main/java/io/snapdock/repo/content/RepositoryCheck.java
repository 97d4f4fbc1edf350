package io.snapdock.repo.content;

import io.snapdock.model.CheckReport;
import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code check}: does the repository hold everything its snapshots need? Structure first: every
 * chunk of every manifest is in an index file, its pack exists, and each pack's own header agrees
 * with the index. With {@code readData}, every pack is read in full and every chunk in it
 * authenticated, decompressed and its id re-computed.
 */
public final class RepositoryCheck {

    private final ContentRoots roots;

    public RepositoryCheck(ContentRoots roots) {
        this.roots = roots;
    }

    public CheckReport run(boolean readData) throws IOException {
        CheckReport report = new CheckReport();
        report.readData = readData;
        report.startedAt = Instant.now().toString();
        Repository repo = roots.repository();
        ContentStore content = roots.content(false);
        List<Manifest> manifests = manifests(content, report);
        if (content == null) {
            report.encryption = "none (no content store yet)";
            manifests.stream().flatMap(m -> m.stores.stream()).flatMap(s -> s.artifacts.stream())
                    .filter(a -> a.chunks != null).findFirst()
                    .ifPresent(
                            a -> report.error("config_missing", RepositoryConfig.KEY, "snapshots refer to chunks but "
                                    + "the repository has no " + RepositoryConfig.KEY));
            return finish(report);
        }
        report.encryption = content.config().describeEncryption();

        // The index as the index files say, each file read on its own so one damaged file is named and the rest used.
        Map<String, PackContents> indexed = new HashMap<>();
        Map<String, ContentStore.Location> chunkIndex = new HashMap<>();
        for (String file : repo.children(ContentStore.INDEX)) {
            report.indexFiles++;
            try {
                for (PackContents p : content.readIndexFile(file)) {
                    indexed.put(p.pack(), p);
                    p.blobs().forEach(b -> chunkIndex.putIfAbsent(b.id(), new ContentStore.Location(p.pack(), b)));
                }
            } catch (ChunkReadException e) {
                report.error(e.code(), ContentStore.INDEX + file, e.getMessage());
            }
        }
        Set<String> stored = new TreeSet<>();
        for (String key : repo.list(ContentStore.DATA)) {
            stored.add(key.substring(key.lastIndexOf('/') + 1));
        }
        report.packs = stored.size();

        Set<String> referenced = new HashSet<>();
        Set<String> seenChunks = new HashSet<>();
        for (Manifest m : manifests) {
            for (Manifest.StoreEntry s : m.stores) {
                for (Manifest.Artifact a : s.artifacts) {
                    if (a.chunks == null) {
                        continue;
                    }
                    String subject = "snapshot " + m.stamp + " " + s.name + "/" + a.name;
                    for (String id : a.chunks) {
                        seenChunks.add(id);
                        ContentStore.Location loc = chunkIndex.get(id);
                        if (loc == null) {
                            report.error("chunk_missing", subject,
                                    "chunk " + ContentStore.shortId(id) + " is in no index file");
                        } else if (!stored.contains(loc.pack())) {
                            report.error("pack_missing", subject,
                                    "pack " + loc.pack() + " is missing from the repository");
                        } else {
                            referenced.add(loc.pack());
                        }
                    }
                }
            }
        }
        report.chunks = seenChunks.size();

        for (PackContents p : indexed.values()) {
            if (!stored.contains(p.pack())) {
                if (!referenced.contains(p.pack())) {
                    report.warn("indexed_pack_missing", "pack " + p.pack(),
                            "listed in the index, absent, needed by no snapshot");
                }
                continue;
            }
            checkHeader(content, p, report);
        }
        for (String pack : stored) {
            if (!indexed.containsKey(pack)) {
                report.warn("unindexed_pack", "pack " + pack,
                        "in no index file (left by an interrupted backup); a prune removes it");
            } else if (!referenced.contains(pack)) {
                report.warn("unreferenced_pack", "pack " + pack, "needed by no snapshot; a prune removes it");
            }
        }
        if (readData) {
            for (PackContents p : indexed.values()) {
                if (stored.contains(p.pack())) {
                    readPack(content, p, report);
                }
            }
        }
        return finish(report);
    }

    private static CheckReport finish(CheckReport report) {
        report.finishedAt = Instant.now().toString();
        return report;
    }

    /**
     * Every finished snapshot's manifest, each read once; in an encrypted repository also
     * authenticated. Safety snapshots (taken before a restore) count too: their chunks are needed.
     */
    private List<Manifest> manifests(ContentStore content, CheckReport report) throws IOException {
        List<Manifest> out = new java.util.ArrayList<>();
        for (ContentRoots.Root root : roots.manifests(content)) {
            if (root.manifest() == null) {
                report.error("manifest_unreadable", "snapshot " + root.stamp(), root.unreadable());
                continue;
            }
            out.add(root.manifest());
            if (!root.safety()) {
                report.snapshots++;   // the restorable ones; safety snapshots are checked as well
            }
            if (root.tampered() != null) {
                report.error("manifest_tampered", "snapshot " + root.stamp(), root.tampered());
            }
        }
        return out;
    }

    private static void checkHeader(ContentStore content, PackContents indexed, CheckReport report) {
        PackContents own;
        try {
            own = content.readPackHeader(indexed.pack());
        } catch (ChunkReadException e) {
            report.error(e.code(), "pack " + indexed.pack(), e.getMessage());
            return;
        } catch (IOException e) {
            report.error("pack_unreadable", "pack " + indexed.pack(), e.getMessage());
            return;
        }
        if (!new HashSet<>(own.blobs()).equals(new HashSet<>(indexed.blobs()))) {
            report.error("index_mismatch", "pack " + indexed.pack(), "the index lists " + indexed.blobs().size()
                    + " chunk(s), the pack's header " + own.blobs().size() + ", and they differ");
        }
    }

    private static void readPack(ContentStore content, PackContents p, CheckReport report) {
        try {
            for (ChunkReadException e : content.verifyPack(p)) {
                report.error(e.code(), "pack " + p.pack(), e.getMessage());
            }
            report.bytesRead += p.length();
        } catch (IOException e) {
            report.error("pack_unreadable", "pack " + p.pack(), e.getMessage());
        }
    }
}
