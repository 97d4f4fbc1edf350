package io.snapdock.repo.snapshot;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.ContentRoots;
import io.snapdock.repo.content.ContentStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The manifests the content store keeps its chunks for ({@link ContentRoots}), gathered here in the
 * snapshot layer: what the garbage collection keeps and what the repository check verifies.
 */
final class SnapshotRoots {

    /** The folders holding manifests: regular snapshots, and the safety snapshots taken before restores. */
    static final List<String> ROOTS = List.of(Snapshots.ROOT, Snapshots.SAFETY_ROOT);

    private SnapshotRoots() {
    }

    /** The chunk ids every manifest left refers to. */
    static Set<String> liveChunks(Repository repo) throws IOException {
        Set<String> live = new HashSet<>();
        for (String root : ROOTS) {
            for (String stamp : repo.children(root)) {
                byte[] bytes;
                try (InputStream in = repo.open(root + stamp + "/manifest.json")) {
                    bytes = in.readAllBytes();
                } catch (NoSuchFileException e) {
                    continue;
                }
                Manifest m = Snapshots.parseManifest(stamp, bytes);
                m.stores.stream().flatMap(s -> s.artifacts.stream()).filter(a -> a.chunks != null)
                        .forEach(a -> live.addAll(a.chunks));
            }
        }
        return live;
    }

    /** Every finished manifest of {@code snapshots}, then of its safety snapshots; authenticated with {@code content}. */
    static List<ContentRoots.Root> manifests(Snapshots snapshots, ContentStore content) throws IOException {
        List<ContentRoots.Root> out = new ArrayList<>();
        manifests(snapshots, false, content, out);
        manifests(snapshots.safety(), true, content, out);
        return out;
    }

    private static void manifests(Snapshots snapshots, boolean safety, ContentStore content,
                                  List<ContentRoots.Root> out) throws IOException {
        for (String stamp : snapshots.stamps()) {
            byte[] bytes = snapshots.manifestBytes(stamp);
            if (bytes == null) {
                continue;
            }
            Manifest m;
            try {
                m = Snapshots.parseManifest(stamp, bytes);
            } catch (RuntimeException e) {
                out.add(new ContentRoots.Root(stamp, safety, null, e.getMessage(), null));
                continue;
            }
            String problem = content == null ? null : snapshots.manifestProblem(content, stamp, bytes);
            out.add(new ContentRoots.Root(stamp, safety, m, null, problem));
        }
    }
}
