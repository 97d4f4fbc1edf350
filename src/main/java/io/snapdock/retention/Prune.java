package io.snapdock.retention;

import io.snapdock.model.Decision;
import io.snapdock.model.GcReport;
import io.snapdock.model.PruneReport;
import io.snapdock.model.RetentionPlan;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.GarbageCollector;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.repo.snapshot.Snapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the retention policy to a repository: under the repository's exclusive lock (so no
 * backup writes meanwhile, in this process or another), reads the snapshot folders, plans, deletes
 * the folders the plan deletes, then collects the garbage. A dry run only reads and plans.
 */
public final class Prune {

    private static final Logger LOG = LoggerFactory.getLogger(Prune.class);

    private final Snapshots snapshots;
    private final RetentionSettings retention;
    private final RepositoryLock.Settings lock;
    private final int repackBelowPercent;

    public Prune(Snapshots snapshots, RetentionSettings retention, RepositoryLock.Settings lock,
            int repackBelowPercent) {
        this.snapshots = snapshots;
        this.retention = retention;
        this.lock = lock;
        this.repackBelowPercent = repackBelowPercent;
    }

    /** The whole prune under the repository's exclusive lock (the routes take the lock as a step of their own). */
    public PruneReport run() throws IOException {
        try (RepositoryLock held = RepositoryLock.exclusive(snapshots.repository(), "prune", lock)) {
            PruneReport report = new PruneReport();
            report.plan = plan();
            report.deleted.addAll(delete(report.plan));
            report.snapshotsDeleted = report.deleted.size();
            report.gc = collectGarbage(false);
            return report;
        }
    }

    /** Which snapshot folders the rules keep and which they delete, and why; reads only. */
    public RetentionPlan plan() throws IOException {
        return new RetentionPolicy(retention).plan(new SnapshotFolders(snapshots.repository()).read(), Instant.now());
    }

    /** Deletes the folders {@code plan} deletes, each manifest first; returns them ({@code snapshots/<stamp>}). */
    public List<String> delete(RetentionPlan plan) throws IOException {
        SnapshotFolders folders = new SnapshotFolders(snapshots.repository());
        List<String> deleted = new ArrayList<>();
        for (Decision d : plan.deleted()) {
            folders.delete(d);
            deleted.add(d.name());
            LOG.info("Pruned {} ({})", d.folder(), String.join(", ", d.reasons()));
        }
        return deleted;
    }

    /**
     * The packs no snapshot needs any more (older than the grace period), and the repacking of
     * packs mostly unused; with {@code dryRun} only what it would do. Null for a repository
     * without a content store (plain objects only).
     */
    public GcReport collectGarbage(boolean dryRun) throws IOException {
        ContentStore content = snapshots.content(false);
        if (content == null) {
            return null;
        }
        if (!dryRun) {
            content.refresh();
        }
        return new GarbageCollector(content, snapshots, retention.unfinishedGrace(), repackBelowPercent).run(dryRun);
    }
}
