package io.snapdock.health;

import io.snapdock.model.Stamp;
import io.snapdock.repo.snapshot.Snapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How old each store's newest valid backup is, and whether that is too old. A store never backed
 * up counts from {@code since} (when Snapdock started), so a freshly started service with new
 * stores is not reported as degraded before its first scheduled backup could have run.
 */
public final class BackupAges {

    /** One store: the stamp of its newest valid snapshot (null: none), its age, and whether it is too old. */
    public record StoreAge(String store, String newestValid, Duration age, boolean stale) {
    }

    private BackupAges() {
    }

    /** {@code snapshots} newest first, as {@link Snapshots#list()} gives them. */
    public static List<StoreAge> assess(Collection<String> stores, List<Snapshots.Summary> snapshots, Instant now,
                                        Instant since, Duration maxAge) {
        List<StoreAge> out = new ArrayList<>();
        for (String store : stores) {
            String newest = snapshots.stream()
                    .filter(s -> s.complete() && "valid".equals(s.validation()) && s.stores().contains(store))
                    .map(Snapshots.Summary::stamp).findFirst().orElse(null);
            Instant from = newest != null ? Stamp.toInstant(newest) : since;
            Duration age = Duration.between(from, now);
            if (age.isNegative()) {
                age = Duration.ZERO;
            }
            out.add(new StoreAge(store, newest, age, age.compareTo(maxAge) > 0));
        }
        return out;
    }
}
