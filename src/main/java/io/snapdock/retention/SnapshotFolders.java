package io.snapdock.retention;

import io.snapdock.model.Decision;
import io.snapdock.model.Manifest;
import io.snapdock.model.SnapshotEntry;
import io.snapdock.model.Stamp;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.snapshot.SafetySnapshots;
import io.snapdock.repo.snapshot.Snapshots;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the snapshot folders of a repository ({@code snapshots/<stamp>/} and {@code safety/<stamp>/})
 * into what the retention policy decides on, and deletes one: its manifest FIRST, so a snapshot
 * half deleted is never listed or offered for restore, then the rest of the folder.
 */
public final class SnapshotFolders {

    private final Repository repo;
    private final Snapshots snapshots;

    public SnapshotFolders(Repository repo) {
        this.repo = repo;
        this.snapshots = new Snapshots(repo);
    }

    /** Every folder whose name is a stamp; anything else under those prefixes is left alone. */
    public List<SnapshotEntry> read() throws IOException {
        List<SnapshotEntry> out = new ArrayList<>();
        for (SnapshotEntry.Area area : SnapshotEntry.Area.values()) {
            for (String stamp : repo.children(area.prefix())) {
                if (Stamp.isValid(stamp)) {
                    out.add(entry(area, stamp));
                }
            }
        }
        return out;
    }

    private SnapshotEntry entry(SnapshotEntry.Area area, String stamp) throws IOException {
        Snapshots view = area == SnapshotEntry.Area.safety ? snapshots.safety() : snapshots;
        Instant time = Stamp.toInstant(stamp);
        byte[] bytes = view.manifestBytes(stamp);
        if (bytes == null) {
            return SnapshotEntry.unfinished(area, stamp, time);
        }
        Manifest m = Snapshots.parseManifest(stamp, bytes);
        Set<String> stores = m.stores.stream().map(s -> s.name).collect(Collectors.toSet());
        Set<String> valid = new HashSet<>();
        ValidationReport v = view.validation(stamp);   // unreadable: counts as never validated
        if (v != null) {
            // Valid for a store: the last validation found no error naming it (nor one naming no store).
            boolean general = v.errors.stream().anyMatch(p -> p.store == null);
            if (!general) {
                stores.stream().filter(s -> v.errors.stream().noneMatch(p -> s.equals(p.store))).forEach(valid::add);
            }
        }
        String outcome = null;
        Instant outcomeAt = null;
        if (area == SnapshotEntry.Area.safety) {
            SafetySnapshots.Outcome o = new SafetySnapshots(view).outcome(stamp);
            if (o != null) {
                outcome = o.state == null ? "unknown" : o.state;
                try {
                    outcomeAt = o.at == null ? null : Instant.parse(o.at);
                } catch (java.time.format.DateTimeParseException e) {
                    outcomeAt = null;
                }
            }
        }
        return new SnapshotEntry(area, stamp, time, true, stores, valid, outcome, outcomeAt);
    }

    /** Deletes a snapshot folder: manifest.json first, then its code and validation, then the rest, started.json last. */
    public void delete(Decision d) throws IOException {
        String folder = d.folder();
        for (String file : List.of("manifest.json", "manifest.mac", "validation.json", "outcome.json")) {
            repo.delete(folder + file);
        }
        List<String> rest = repo.list(folder);
        for (String key : rest) {
            if (!key.endsWith("/started.json")) {
                repo.delete(key);
            }
        }
        repo.delete(folder + "started.json");
    }
}
