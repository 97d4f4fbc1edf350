package io.snapdock.repo.content;

import io.snapdock.model.GcReport;
import io.snapdock.repo.backend.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what no snapshot needs any more, after a prune deleted snapshots. The caller holds the
 * repository's exclusive lock ({@link io.snapdock.repo.snapshot.RepositoryLock}); on top of it, nothing
 * younger than the grace period is deleted or rewritten (a pack or index file a writer that
 * ignored or lost its lock may still be about to use).
 * <ol>
 * <li>Every manifest left ({@code snapshots/*} and {@code safety/*}) is read ({@link ContentRoots#liveChunks}):
 *     the chunks they list are live. A manifest that cannot be read stops the collection (its chunks
 *     cannot be told apart).</li>
 * <li>Old packs holding no live chunk are to go; old packs whose live bytes are below
 *     {@code repackBelowPercent} of their chunks' bytes have their live chunks copied (sealed bytes
 *     as they are, each authenticated first) into new packs, then go too.</li>
 * <li>The new packs are uploaded, then one new index file listing every surviving pack of the old
 *     index files and the new packs is written (committed durably), and only then are the old index
 *     files deleted, and last the packs. A crash at any point leaves at worst packs no index lists,
 *     which the next collection removes; never an index pointing at a pack that is gone while a
 *     snapshot needs it.</li>
 * </ol>
 * Index files younger than the grace period are left as they are, and the packs they list kept.
 */
public final class GarbageCollector {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final ContentStore content;
    private final ContentRoots roots;
    private final Repository repo;
    private final Duration grace;
    private final int repackBelowPercent;

    public GarbageCollector(ContentStore content, ContentRoots roots, Duration grace, int repackBelowPercent) {
        this.content = content;
        this.roots = roots;
        this.repo = content.repository();
        this.grace = grace;
        this.repackBelowPercent = repackBelowPercent;
    }

    public GcReport run(boolean dryRun) throws IOException {
        GcReport report = new GcReport();
        Instant cutoff = Instant.now().minus(grace);
        Set<String> live = roots.liveChunks();
        report.referencedChunks = live.size();

        // The index files, old and young, each with what it lists.
        Map<String, List<PackContents>> oldIndex = new LinkedHashMap<>();
        Set<String> youngPacks = new HashSet<>();
        for (String file : repo.children(ContentStore.INDEX)) {
            List<PackContents> listed = content.readIndexFile(file);
            if (isYoung(ContentStore.INDEX + file, cutoff)) {
                listed.forEach(p -> youngPacks.add(p.pack()));
            } else {
                oldIndex.put(file, listed);
            }
        }
        Map<String, PackContents> indexed = new LinkedHashMap<>();
        oldIndex.values().forEach(l -> l.forEach(p -> indexed.putIfAbsent(p.pack(), p)));
        Map<String, String> stored = new LinkedHashMap<>();
        for (String key : repo.list(ContentStore.DATA)) {
            stored.put(key.substring(key.lastIndexOf('/') + 1), key);
        }

        List<String> delete = new ArrayList<>();
        List<PackContents> repack = new ArrayList<>();
        boolean indexChanges = false;
        Map<String, Long> sizes = new HashMap<>();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            String pack = e.getKey();
            if (youngPacks.contains(pack) || isYoung(e.getValue(), cutoff)) {
                report.packsKeptYoung++;
                continue;
            }
            PackContents p = indexed.get(pack);
            long size = repo.size(e.getValue());
            sizes.put(pack, size);
            if (p == null) {
                delete.add(pack);               // in no index file: left by an interrupted run
                continue;
            }
            long total = p.length();
            long liveBytes = p.blobs().stream().filter(b -> live.contains(b.id())).mapToLong(Blob::length).sum();
            if (liveBytes == 0) {
                delete.add(pack);
                indexChanges = true;
            } else if (liveBytes < total && liveBytes * 100 < (long) repackBelowPercent * total) {
                repack.add(p);
                indexChanges = true;
            }
        }
        // Index entries of packs already gone and needed by nothing: dropped with the rewrite.
        for (PackContents p : indexed.values()) {
            if (!stored.containsKey(p.pack()) && !youngPacks.contains(p.pack())
                    && p.blobs().stream().noneMatch(b -> live.contains(b.id()))) {
                indexChanges = true;
            }
        }

        if (dryRun) {
            report.packsDeleted = delete.size();
            report.packsRepacked = repack.size();
            report.bytesFreed = delete.stream().mapToLong(sizes::get).sum();
            return report;
        }

        // 1. Repack: the live chunks of mostly dead packs into new packs, uploaded now.
        PackWriter writer = new PackWriter(repo, content.seal(), content.packSize(), p -> {
        });
        List<String> repacked = new ArrayList<>();
        for (PackContents p : repack) {
            try {
                for (Blob b : p.blobs()) {
                    if (live.contains(b.id()) && writer.reserve(b.id())) {
                        byte[] sealed = repo.read(ContentStore.packKey(p.pack()), b.offset(), b.length());
                        content.openChunk(b.id(), p.pack(), b, sealed, 0);   // authentic before it is copied
                        writer.add(b.id(), sealed, b.size());
                    }
                }
                repacked.add(p.pack());
            } catch (ChunkReadException e) {
                report.skipped.add("pack " + p.pack() + ": " + e.getMessage());
                LOG.warn("Not repacking pack {}: {}", p.pack(), e.getMessage());
            }
        }
        List<PackContents> fresh = writer.flush();
        report.packsWritten = fresh.size();
        report.packsRepacked = repacked.size();

        // 2. The new index, durable before any old index file or pack goes.
        Set<String> going = new HashSet<>(delete);
        going.addAll(repacked);
        if (indexChanges) {
            List<PackContents> survivors = new ArrayList<>();
            for (PackContents p : indexed.values()) {
                boolean needed = p.blobs().stream().anyMatch(b -> live.contains(b.id()));
                if (!going.contains(p.pack())
                        && (stored.containsKey(p.pack()) || needed || youngPacks.contains(p.pack()))) {
                    survivors.add(p);
                }
            }
            survivors.addAll(fresh);
            if (!survivors.isEmpty()) {
                content.writeIndexFile(survivors);
                report.indexFilesWritten = 1;
            }
            // 3. Only now the index files it replaces.
            for (String file : oldIndex.keySet()) {
                repo.delete(ContentStore.INDEX + file);
                report.indexFilesDeleted++;
            }
        }

        // 4. Last, the packs.
        long freed = 0;
        for (String pack : going) {
            freed += sizes.get(pack);
            repo.delete(stored.get(pack));
        }
        for (PackContents p : fresh) {
            freed -= repo.size(ContentStore.packKey(p.pack()));
        }
        report.packsDeleted = delete.size();
        report.bytesFreed = freed;
        content.refresh();
        LOG.info("Garbage collection: {} pack(s) deleted, {} repacked into {}, {} bytes freed, {} young pack(s) kept",
                report.packsDeleted, report.packsRepacked, report.packsWritten, report.bytesFreed,
                report.packsKeptYoung);
        return report;
    }

    private boolean isYoung(String key, Instant cutoff) throws IOException {
        try {
            return repo.modified(key).isAfter(cutoff);
        } catch (NoSuchFileException e) {
            return true;
        }
    }
}
