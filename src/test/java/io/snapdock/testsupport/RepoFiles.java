package io.snapdock.testsupport;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.RepositoryKey;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A test's view into a local-folder repository as an operator's tools would see it: a snapshot's
 * manifest, an artifact read back, a byte flipped inside the pack holding an artifact, an
 * artifact replaced (to give a handler's own check something to find).
 */
public final class RepoFiles {

    private final Snapshots snapshots;
    private final Path root;

    public RepoFiles(Path root) {
        this(root, null);
    }

    public RepoFiles(Path root, RepositoryKey key) {
        this.root = root;
        this.snapshots = new Snapshots(new FileRepository(root),
                new Snapshots.ContentSettings(key, 1 << 20, 3, 16 << 20));
    }

    public Manifest manifest(String stamp) {
        return snapshots.manifest(stamp);
    }

    public Manifest.Artifact artifact(String stamp, String store, String name) {
        Manifest.StoreEntry s = manifest(stamp).store(store);
        if (s == null) {
            throw new AssertionError("snapshot " + stamp + " has no store " + store);
        }
        return s.artifacts.stream().filter(a -> a.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("store " + store + " of " + stamp + " has no artifact " + name));
    }

    public byte[] read(String stamp, String store, String name) throws IOException {
        try (InputStream in = snapshots.readArtifact(stamp, store, artifact(stamp, store, name))) {
            return in.readAllBytes();
        }
    }

    /** Writes the artifact into {@code file} and returns it. */
    public Path extract(String stamp, String store, String name, Path file) throws IOException {
        try (InputStream in = snapshots.readArtifact(stamp, store, artifact(stamp, store, name))) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The id of the artifact's middle chunk (the one {@link #damage} damages). */
    public String middleChunk(String stamp, String store, String name) {
        Manifest.Artifact a = artifact(stamp, store, name);
        return a.chunks.get(a.chunks.size() / 2);
    }

    /** Flips one bit in the middle of the artifact's middle chunk, inside its pack; returns the pack's id. */
    public String damage(String stamp, String store, String name) throws IOException {
        ContentStore content = snapshots.contentForReading();
        content.refresh();
        ContentStore.Location loc = content.locate(middleChunk(stamp, store, name));
        Damage.flipByteAt(root.resolve(ContentStore.packKey(loc.pack())),
                loc.blob().offset() + loc.blob().length() / 2);
        return loc.pack();
    }

    /** Stores {@code content} as the artifact and rewrites the manifest to match (size, SHA-256, chunks). */
    public void replace(String stamp, String store, String name, byte[] content) throws IOException {
        Manifest m = manifest(stamp);
        Manifest.Artifact a = m.store(store).artifacts.stream().filter(x -> x.name.equals(name)).findFirst()
                .orElseThrow();
        snapshots.prepareForBackup();
        try (ArtifactOutput out = snapshots.openArtifact(stamp, store, a)) {
            out.write(content);
            out.commit();
        }
        snapshots.writeManifest(m);
    }
}
