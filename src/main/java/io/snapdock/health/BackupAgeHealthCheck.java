package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.config.Settings;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.model.Run;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RunRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readiness: per store, the age of its newest valid backup against a threshold (by default twice
 * the longest gap of the backup schedule, {@code snapdock.schedule.backup}). Older than that, the
 * check is DOWN and says "degraded", naming the stores. The stores are those found now; when none
 * can be found (Docker down), those of the newest snapshot. Reading the repository is cached for
 * {@code snapdock.health.cache-seconds}, and re-read as soon as a run has ended.
 */
public class BackupAgeHealthCheck extends ReadinessCheck {

    private final Instant startedAt = Instant.now();
    private List<Snapshots.Summary> cached;
    private Instant cachedAt;
    private String cachedRuns;

    private final Settings.Health settings;
    private final StoreDiscovery discovery;
    private final RepositoryViews repositories;
    private final RunRegistry runs;

    public BackupAgeHealthCheck(Settings.Health settings, StoreDiscovery discovery, RepositoryViews repositories,
            RunRegistry runs) {
        super("snapdock-backup-age");
        this.settings = settings;
        this.discovery = discovery;
        this.repositories = repositories;
        this.runs = runs;
    }

    /** The configured maximum age, else twice the backup schedule's interval. */
    public static Duration maxAge(Settings.Health settings, Instant now) {
        if (settings.maxBackupAgeMinutes() != null) {
            return Duration.ofMinutes(settings.maxBackupAgeMinutes());
        }
        return BackupInterval.of(settings.backupSchedule(), now).multipliedBy(2);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = Instant.now();
        Duration max = maxAge(settings, now);
        builder.detail("backup.max-age-minutes", max.toMinutes());
        List<Snapshots.Summary> snapshots;
        try {
            snapshots = snapshots(now);
        } catch (SnapdockException | IOException e) {
            builder.message("cannot read the repository: " + e.getMessage()).down();
            return;
        }
        Set<String> stores = new LinkedHashSet<>(discovery.allOrNone().keySet());
        if (stores.isEmpty()) {
            snapshots.stream().filter(Snapshots.Summary::complete).findFirst()
                    .ifPresent(s -> stores.addAll(s.stores()));
        }
        List<String> stale = new java.util.ArrayList<>();
        for (BackupAges.StoreAge a : BackupAges.assess(stores, snapshots, now, startedAt, max)) {
            builder.detail("store." + a.store() + ".newest-valid", a.newestValid() != null ? a.newestValid() : "none");
            builder.detail("store." + a.store() + ".age-minutes", a.age().toMinutes());
            if (a.stale()) {
                stale.add(a.store());
            }
        }
        if (stale.isEmpty()) {
            builder.up();
        } else {
            builder.detail("degraded", true)
                    .message("degraded: no valid backup younger than " + max.toMinutes() + " minutes of "
                            + String.join(", ", stale))
                    .down();
        }
    }

    private synchronized List<Snapshots.Summary> snapshots(Instant now) throws IOException {
        String ended = finishedRuns();
        if (cached == null || !ended.equals(cachedRuns) || now.isAfter(cachedAt.plus(settings.cache()))) {
            cached = repositories.primary().list();
            cachedAt = now;
            cachedRuns = ended;
        }
        return cached;
    }

    /** Changes whenever a run ends: a backup or a validation may have changed what is valid. */
    private String finishedRuns() {
        List<Run> recent = runs.recent();
        long finished = recent.stream().filter(r -> r.finishedAt != null).count();
        String newest = recent.stream().filter(r -> r.finishedAt != null).map(r -> r.id).findFirst().orElse("");
        return finished + ":" + newest;
    }
}
