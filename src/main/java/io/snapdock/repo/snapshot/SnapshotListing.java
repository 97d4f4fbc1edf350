package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.model.Stamp;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.content.ContentStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The lines of {@code list} for one view of the snapshots: read from the repository or reused from {@link ListCache}. */
final class SnapshotListing {

    private final Snapshots snapshots;
    private volatile int readers = 16;
    private volatile Path cache;

    SnapshotListing(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    void cache(Path file) {
        this.cache = file;
    }

    void readers(int readers) {
        this.readers = readers;
    }

    /**
     * Every snapshot, newest first. One listing of {@code snapshots/} with each object's version
     * tag (S3: one request per 1,000 objects) gives the stamps and, per snapshot, the tags of its
     * manifest and validation record. Lines cached locally under the same tags are used as they
     * are ({@link ListCache}); the other snapshots' manifests and validation records are read by
     * {@link #readers} readers in parallel (on S3 each read is a round trip), the order kept.
     */
    List<Snapshots.Summary> list() throws IOException {
        String root = snapshots.root();
        Map<String, String> versions = snapshots.repository().versions(root);
        Map<String, String> tags = new TreeMap<>(Comparator.reverseOrder());
        for (String key : versions.keySet()) {
            int slash = key.indexOf('/', root.length());
            String stamp = slash < 0 ? null : key.substring(root.length(), slash);
            if (stamp != null && Stamp.isValid(stamp)) {
                tags.computeIfAbsent(stamp,
                        st -> versions.getOrDefault(snapshots.fileKey(st, "manifest.json"), "-") + "|"
                                + versions.getOrDefault(snapshots.fileKey(st, "validation.json"), "-"));
            }
        }
        Map<String, ListCache.Line> cached = ListCache.read(cache);
        Map<String, ListCache.Line> lines = new TreeMap<>();
        List<String> toRead = new ArrayList<>();
        tags.forEach((stamp, tag) -> {
            ListCache.Line line = cached.get(stamp);
            if (line != null && line.tag().equals(tag)) {
                lines.put(stamp, line);
            } else {
                toRead.add(stamp);
            }
        });
        List<Snapshots.Summary> read = summaries(toRead);
        for (int i = 0; i < toRead.size(); i++) {
            lines.put(toRead.get(i), ListCache.Line.of(tags.get(toRead.get(i)), read.get(i)));
        }
        if (!toRead.isEmpty() || cached.size() != lines.size()) {
            ListCache.write(cache, lines);
        }
        List<Snapshots.Summary> out = new ArrayList<>(tags.size());
        tags.keySet().forEach(stamp -> out.add(lines.get(stamp).summary()));
        return out;
    }

    /** The lines of {@code stamps}, read from the repository ({@link #readers} at once), in order. */
    private List<Snapshots.Summary> summaries(List<String> stamps) throws IOException {
        if (stamps.size() < 2 || readers < 2) {
            List<Snapshots.Summary> out = new ArrayList<>();
            for (String stamp : stamps) {
                out.add(summary(stamp));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(readers, stamps.size()), r -> {
            Thread t = new Thread(r, "snapdock-list");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Snapshots.Summary>> futures = new ArrayList<>();
            for (String stamp : stamps) {
                futures.add(pool.submit(() -> summary(stamp)));
            }
            List<Snapshots.Summary> out = new ArrayList<>(futures.size());
            for (Future<Snapshots.Summary> f : futures) {
                out.add(ContentStore.await(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One snapshot's line of {@code list}: incomplete when it has no manifest (or an unreadable one). */
    Snapshots.Summary summary(String stamp) throws IOException {
        byte[] bytes = snapshots.manifestBytes(stamp);
        Manifest m;
        try {
            m = bytes == null ? null : Snapshots.parseManifest(stamp, bytes);
        } catch (SnapdockException e) {
            m = null;
        }
        if (m == null) {
            return new Snapshots.Summary(stamp, false, List.of(), 0, 0, null, "incomplete", 0);
        }
        ValidationReport v = snapshots.validation(stamp);
        String status = v == null ? "unchecked" : v.valid ? "valid" : "invalid";
        return new Snapshots.Summary(stamp, true, m.stores.stream().map(st -> st.name).toList(), m.totalSize(),
                m.storedSize(),
                m.encryption == null ? "none" : m.encryption, status, m.failures.size());
    }
}
