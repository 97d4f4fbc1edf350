package io.snapdock.retention;

import io.snapdock.config.SnapdockConfig;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.GarbageCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

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

    public Prune(Snapshots snapshots, RetentionSettings retention, RepositoryLock.Settings lock, int repackBelowPercent) {
        this.snapshots = snapshots;
        this.retention = retention;
        this.lock = lock;
        this.repackBelowPercent = repackBelowPercent;
    }

    public static Prune from(Snapshots snapshots, SnapdockConfig config) {
        return new Prune(snapshots, RetentionSettings.from(config), RepositoryLock.Settings.from(config),
                config.getInt("snapdock.gc.repack-below-percent", 50, 0, 100));
    }

    /** What a prune would delete now; reads only. */
    public PruneReport dryRun() throws IOException {
        PruneReport report = new PruneReport();
        report.dryRun = true;
        report.plan = plan();
        report.snapshotsDeleted = report.plan.deleted().size();
        report.plan.deleted().forEach(d -> report.deleted.add(d.folder().substring(0, d.folder().length() - 1)));
        ContentStore content = snapshots.content(false);
        if (content != null) {
            report.gc = new GarbageCollector(content, snapshots, retention.unfinishedGrace(), repackBelowPercent).run(true);
        }
        return report;
    }

    public PruneReport run() throws IOException {
        Repository repo = snapshots.repository();
        try (RepositoryLock held = RepositoryLock.exclusive(repo, "prune", lock)) {
            PruneReport report = new PruneReport();
            report.plan = plan();
            SnapshotFolders folders = new SnapshotFolders(repo);
            for (Decision d : report.plan.deleted()) {
                folders.delete(d);
                report.deleted.add(d.folder().substring(0, d.folder().length() - 1));
                LOG.info("Pruned {} ({})", d.folder(), String.join(", ", d.reasons()));
            }
            report.snapshotsDeleted = report.deleted.size();
            ContentStore content = snapshots.content(false);
            if (content != null) {
                content.refresh();
                report.gc = new GarbageCollector(content, snapshots, retention.unfinishedGrace(), repackBelowPercent).run(false);
            }
            return report;
        }
    }

    private RetentionPlan plan() throws IOException {
        return new RetentionPolicy(retention).plan(new SnapshotFolders(snapshots.repository()).read(), Instant.now());
    }
}
