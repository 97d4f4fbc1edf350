package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.model.Stamp;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.PackContents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The manifests of one view of the snapshots ({@code snapshots/} or {@code safety/}): written last,
 * after every pack and index file they need, with their authentication code just before them in an
 * encrypted repository; read back as their exact bytes, which that code covers.
 */
final class ManifestFiles {

    private final Snapshots snapshots;
    private final Repository repo;

    ManifestFiles(Snapshots snapshots) {
        this.snapshots = snapshots;
        this.repo = snapshots.repository();
    }

    /** Why the manifest of {@code stamp} cannot be trusted, or null (it is authentic, or the repository is unencrypted). */
    String problem(ContentStore c, String stamp) {
        try {
            byte[] bytes = bytes(stamp);
            return bytes == null ? "snapshot " + stamp + " has no manifest" : problem(c, stamp, bytes);
        } catch (IOException e) {
            return "the manifest of snapshot " + stamp + " is unreadable: " + e.getMessage();
        }
    }

    /** The same, for manifest bytes already read. */
    String problem(ContentStore c, String stamp, byte[] bytes) {
        try {
            String expected = c.manifestMac(bytes);
            if (expected == null) {
                return null;
            }
            String stored;
            try (InputStream in = repo.open(snapshots.fileKey(stamp, Snapshots.MANIFEST_MAC))) {
                stored = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            } catch (NoSuchFileException e) {
                return "the manifest of snapshot " + stamp + " has no authentication code (" + Snapshots.MANIFEST_MAC
                        + ")";
            }
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    stored.getBytes(StandardCharsets.US_ASCII)) ? null
                            : "the manifest of snapshot " + stamp
                                    + " fails its authentication check: it was changed after it was written";
        } catch (IOException e) {
            return "the manifest of snapshot " + stamp + " is unreadable: " + e.getMessage();
        }
    }

    /**
     * Publishes a snapshot: first every pack and index file it needs, then (checked: every chunk
     * it lists is in a pack of the repository) the manifest, the one write that makes it restorable.
     * Returns the packs uploaded for it (what a verification of the new data reads back).
     */
    List<PackContents> write(Manifest manifest) throws IOException {
        ContentStore c = snapshots.content(false);
        List<PackContents> fresh = List.of();
        if (c != null) {
            fresh = c.flush();
            List<String> ids = manifest.stores.stream().flatMap(s -> s.artifacts.stream())
                    .filter(a -> a.chunks != null).flatMap(a -> a.chunks.stream()).toList();
            List<String> missing = c.missing(ids);
            if (!missing.isEmpty()) {
                throw SnapdockException.failed(missing.size() + " chunk(s) of snapshot " + manifest.stamp
                        + " never reached the repository (a pack upload failed): the snapshot is not published");
            }
        }
        manifest.encryption = c == null ? null : c.config().describeEncryption();
        byte[] bytes = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
        String mac = c == null ? null : c.manifestMac(bytes);
        if (mac != null) {
            // Before the manifest: a manifest is never there without its code.
            repo.put(snapshots.fileKey(manifest.stamp, Snapshots.MANIFEST_MAC),
                    mac.getBytes(StandardCharsets.US_ASCII));
        }
        repo.put(snapshots.fileKey(manifest.stamp, "manifest.json"), bytes);
        return fresh;
    }

    /** The manifest of {@code stamp}; a clear NOT_FOUND when the snapshot is absent or unfinished. */
    Manifest read(String stamp) {
        Stamp.require(stamp);
        byte[] bytes;
        try {
            bytes = bytes(stamp);
        } catch (IOException e) {
            throw SnapdockException.failed("manifest of " + stamp + " is unreadable: " + e.getMessage());
        }
        if (bytes == null) {
            boolean started;
            try {
                started = !repo.children(snapshots.root() + stamp + "/").isEmpty();
            } catch (IOException io) {
                started = false;
            }
            throw SnapdockException.notFound(started
                    ? "snapshot " + stamp + " is incomplete (no manifest): it is not restorable"
                    : "snapshot " + stamp + " does not exist in " + repo.describe());
        }
        return parse(stamp, bytes);
    }

    /** The manifest's exact bytes (what its authentication code covers), or null when there is none. */
    byte[] bytes(String stamp) throws IOException {
        try (InputStream in = repo.open(snapshots.fileKey(stamp, "manifest.json"))) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static Manifest parse(String stamp, byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw SnapdockException.failed("manifest of " + stamp + " is unreadable: " + e.getMessage());
        }
    }
}
