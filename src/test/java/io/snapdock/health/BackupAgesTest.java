package io.snapdock.health;

import io.snapdock.repo.snapshot.Snapshots;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackupAgesTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Duration MAX = Duration.ofHours(48);

    static Snapshots.Summary snapshot(String stamp, String validation, String... stores) {
        return new Snapshots.Summary(stamp, true, List.of(stores), 100, 100, "none", validation, 0);
    }

    @Test
    void theNewestValidSnapshotOfEachStoreCounts() {
        List<Snapshots.Summary> newestFirst = List.of(
                snapshot("20261122T010000Z", "invalid", "db", "cache"),
                snapshot("20261121T010000Z", "valid", "db"),
                new Snapshots.Summary("20261120T120000Z", false, List.of(), 0, 0, null, "incomplete", 0),
                snapshot("20261118T010000Z", "valid", "db", "cache"));
        var ages = BackupAges.assess(List.of("db", "cache"), newestFirst, NOW, NOW.minus(Duration.ofDays(30)), MAX);

        assertThat(ages)
                .extracting(BackupAges.StoreAge::store, BackupAges.StoreAge::newestValid, BackupAges.StoreAge::stale)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("db", "20261121T010000Z", false),
                        org.assertj.core.groups.Tuple.tuple("cache", "20261118T010000Z", true));
        assertThat(ages.get(0).age()).isEqualTo(Duration.ofHours(35));
    }

    @Test
    void aStoreNeverBackedUpCountsFromStartUp() {
        var fresh = BackupAges.assess(List.of("new"), List.of(), NOW, NOW.minus(Duration.ofHours(1)), MAX);
        assertThat(fresh.get(0).newestValid()).isNull();
        assertThat(fresh.get(0).stale()).isFalse();

        var old = BackupAges.assess(List.of("new"), List.of(), NOW, NOW.minus(Duration.ofHours(49)), MAX);
        assertThat(old.get(0).stale()).isTrue();
    }
}
