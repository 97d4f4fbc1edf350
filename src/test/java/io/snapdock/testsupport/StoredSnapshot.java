package io.snapdock.testsupport;

import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot written straight through the repository API (no store, no route): one store
 * {@code main} of type postgres whose artifacts are given as name → content, in name order.
 */
public final class StoredSnapshot {

    private StoredSnapshot() {
    }

    public static Manifest write(Snapshots snapshots, String stamp, String artifact,
                                 byte[] content) throws IOException {
        return write(snapshots, stamp, Map.of(artifact, content));
    }

    public static Manifest write(Snapshots snapshots, String stamp, Map<String, byte[]> artifacts) throws IOException {
        snapshots.prepareForBackup();
        Manifest m = new Manifest();
        m.stamp = stamp;
        m.finishedAt = "2026-04-07T06:00:00Z";
        Manifest.StoreEntry s = new Manifest.StoreEntry();
        s.name = "main";
        s.type = "postgres";
        for (Map.Entry<String, byte[]> e : new TreeMap<>(artifacts).entrySet()) {
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = e.getKey();
            try (ArtifactOutput out = snapshots.openArtifact(stamp, "main", a)) {
                out.write(e.getValue());
                s.artifacts.add(out.commit());
            }
        }
        m.stores.add(s);
        snapshots.writeManifest(m);
        return m;
    }
}
