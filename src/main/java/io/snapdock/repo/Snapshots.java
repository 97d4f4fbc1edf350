package io.snapdock.repo;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.Stamp;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The snapshot layout on top of a {@link Repository}:
 * <pre>
 * snapshots/&lt;stamp&gt;/started.json        written first: reserves the stamp
 * snapshots/&lt;stamp&gt;/&lt;store&gt;/&lt;artifact&gt;  the dumps
 * snapshots/&lt;stamp&gt;/manifest.json       written LAST: only now is the snapshot restorable
 * snapshots/&lt;stamp&gt;/validation.json     the latest check of it
 * </pre>
 */
public final class Snapshots {

    public static final String ROOT = "snapshots/";

    private final Repository repo;

    public Snapshots(Repository repo) {
        this.repo = repo;
    }

    public Repository repository() {
        return repo;
    }

    public static String artifactKey(String stamp, String store, String artifact) {
        return ROOT + Stamp.require(stamp) + "/" + Names.requireStoreName(store) + "/" + artifact;
    }

    private static String key(String stamp, String file) {
        return ROOT + Stamp.require(stamp) + "/" + file;
    }

    /** Reserves a fresh stamp at or after {@code now}: never reuses one that holds anything. */
    public String allocate(Instant now, Map<String, Object> startInfo) throws IOException {
        Instant t = now;
        for (int i = 0; i < 120; i++, t = t.plusSeconds(1)) {
            String stamp = Stamp.of(t);
            if (repo.children(ROOT + stamp + "/").isEmpty()) {
                repo.put(key(stamp, "started.json"), Json.write(startInfo).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return stamp;
            }
        }
        throw SnapdockException.failed("could not reserve a snapshot stamp near " + Stamp.of(now));
    }

    public ArtifactOutput openArtifact(String stamp, String store, Manifest.Artifact artifact) throws IOException {
        return new ArtifactOutput(repo.create(artifactKey(stamp, store, artifact.name)), artifact);
    }

    public InputStream readArtifact(String stamp, String store, String artifact) throws IOException {
        return repo.open(artifactKey(stamp, store, artifact));
    }

    public void writeManifest(Manifest manifest) throws IOException {
        repo.put(key(manifest.stamp, "manifest.json"), Json.write(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The manifest of {@code stamp}; a clear NOT_FOUND when the snapshot is absent or unfinished. */
    public Manifest manifest(String stamp) {
        Stamp.require(stamp);
        try (InputStream in = repo.open(key(stamp, "manifest.json"))) {
            return Json.MAPPER.readValue(in, Manifest.class);
        } catch (NoSuchFileException e) {
            boolean started;
            try {
                started = !repo.children(ROOT + stamp + "/").isEmpty();
            } catch (IOException io) {
                started = false;
            }
            throw SnapdockException.notFound(started
                    ? "snapshot " + stamp + " is incomplete (no manifest): it is not restorable"
                    : "snapshot " + stamp + " does not exist in " + repo.describe());
        } catch (IOException e) {
            throw SnapdockException.failed("manifest of " + stamp + " is unreadable: " + e.getMessage());
        }
    }

    /** Deletes everything under {@code stamp} except a manifest (a snapshot with a manifest is never discarded). */
    public void discard(String stamp) throws IOException {
        String prefix = ROOT + Stamp.require(stamp) + "/";
        if (repo.exists(prefix + "manifest.json")) {
            return;
        }
        for (String key : repo.list(prefix)) {
            repo.delete(key);
        }
    }

    public void writeValidation(ValidationReport report) throws IOException {
        repo.put(key(report.stamp, "validation.json"), Json.write(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        for (String child : repo.children(ROOT)) {
            if (Stamp.isValid(child)) {
                out.add(child);
            }
        }
        out.sort(Comparator.reverseOrder());
        return out;
    }

    /** One line of {@code list}: a complete snapshot, or an incomplete one (never restorable). */
    public record Summary(String stamp, boolean complete, List<String> stores, long size, String validation,
                          int failedStores) {
    }

    public List<Summary> list() throws IOException {
        List<Summary> out = new ArrayList<>();
        for (String stamp : stamps()) {
            Manifest m;
            try {
                m = manifest(stamp);
            } catch (SnapdockException e) {
                out.add(new Summary(stamp, false, List.of(), 0, "incomplete", 0));
                continue;
            }
            ValidationReport v = validation(stamp);
            String status = v == null ? "unchecked" : v.valid ? "valid" : "invalid";
            out.add(new Summary(stamp, true, m.stores.stream().map(s -> s.name).toList(), m.totalSize(), status,
                    m.failures.size()));
        }
        return out;
    }
}
