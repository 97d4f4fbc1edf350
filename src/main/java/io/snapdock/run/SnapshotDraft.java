package io.snapdock.run;

import io.snapdock.model.Manifest;
import io.snapdock.repo.content.PackContents;
import io.snapdock.repo.snapshot.Snapshots;

import java.util.List;

/**
 * A snapshot being written: where (a backup under {@code snapshots/}, a restore's safety
 * snapshot under {@code safety/}), its stamp, and the manifest its stores join as they are
 * copied. The same backup-store route copies the stores of both.
 */
public final class SnapshotDraft {

    /** Which area of the repository the snapshot goes to. */
    public enum Area {
        snapshots, safety
    }

    private final Area area;
    private final Snapshots view;
    private final Manifest manifest;
    private List<PackContents> writtenPacks;

    public SnapshotDraft(Area area, Snapshots view, Manifest manifest) {
        this.area = area;
        this.view = view;
        this.manifest = manifest;
    }

    public Area area() {
        return area;
    }

    /** A backup's own snapshot (its stores are the run's items), not a restore's safety snapshot. */
    public boolean isBackup() {
        return area == Area.snapshots;
    }

    /** The repository view the snapshot is written to ({@code snapshots/} or {@code safety/}). */
    public Snapshots view() {
        return view;
    }

    public String stamp() {
        return manifest.stamp;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Whether its manifest was written: from then on it is restorable. */
    public boolean written() {
        return manifest.finishedAt != null;
    }

    /** The packs written for it (what the verification after a backup reads back). */
    public List<PackContents> writtenPacks() {
        return writtenPacks;
    }

    public void writtenPacks(List<PackContents> packs) {
        this.writtenPacks = packs;
    }
}
