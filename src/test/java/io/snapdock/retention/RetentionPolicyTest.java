package io.snapdock.retention;

import io.snapdock.model.SnapshotEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-written histories with the exact plan expected. */
class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    private static SnapshotEntry snap(String stamp, boolean valid) {
        return SnapshotEntry.snapshot(stamp, io.snapdock.model.Stamp.toInstant(stamp), Set.of("pg"),
                valid ? Set.of("pg") : Set.of());
    }

    private static Map<String, String> plan(RetentionSettings s, List<SnapshotEntry> history) {
        return new RetentionPolicy(s).plan(history, NOW).decisions().stream().collect(Collectors.toMap(
                d -> (d.area() == SnapshotEntry.Area.safety ? "safety/" : "") + d.stamp(),
                d -> (d.keep() ? "KEEP " : "DELETE ") + String.join(", ", d.reasons()), (a, b) -> a,
                java.util.TreeMap::new));
    }

    @Test
    void dailyWeeklyMonthlyOverTwoMonthsOfBackups() {
        List<SnapshotEntry> history = new ArrayList<>();
        // Two backups a day (06:00 and 18:00) from 2026-10-01 to 2026-11-21, all valid.
        for (Instant day = Instant.parse("2026-10-01T06:00:00Z"); day
                .isBefore(NOW); day = day.plus(Duration.ofDays(1))) {
            history.add(snap(io.snapdock.model.Stamp.of(day), true));
            if (day.plus(Duration.ofHours(12)).isBefore(NOW)) {
                history.add(snap(io.snapdock.model.Stamp.of(day.plus(Duration.ofHours(12))), true));
            }
        }
        Map<String, String> plan = plan(new RetentionSettings(3, 2, 2, 2, null, 14, Duration.ofHours(1)), history);
        Map<String, String> kept = plan.entrySet().stream().filter(e -> e.getValue().startsWith("KEEP"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
        assertThat(kept).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "20261121T180000Z", "KEEP daily 2026-11-21, weekly 2026-W47, monthly 2026-11, min-keep, last-valid pg",
                "20261121T060000Z", "KEEP min-keep",
                "20261120T180000Z", "KEEP daily 2026-11-20",
                "20261119T180000Z", "KEEP daily 2026-11-19",
                "20261115T180000Z", "KEEP weekly 2026-W46",
                "20261031T180000Z", "KEEP monthly 2026-10")));
        assertThat(plan.get("20261120T060000Z")).isEqualTo("DELETE no rule keeps it");
        assertThat(plan).hasSize(104); // 52 days, two a day
    }

    @Test
    void newestValidSnapshotSurvivesMaxAgeAndInvalidNewerOnes() {
        List<SnapshotEntry> history = List.of(
                snap("20261120T060000Z", false),
                snap("20261119T060000Z", false),
                snap("20260101T060000Z", true),
                snap("20251201T060000Z", true));
        Map<String, String> plan = plan(new RetentionSettings(7, 4, 6, 1, 30, 14, Duration.ofHours(1)), history);
        assertThat(plan).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "20261120T060000Z", "KEEP daily 2026-11-20, weekly 2026-W47, monthly 2026-11, min-keep",
                "20261119T060000Z", "KEEP daily 2026-11-19",
                "20260101T060000Z", "KEEP last-valid pg",
                "20251201T060000Z", "DELETE older than max-age 30d")));
    }

    @Test
    void unfinishedAndSafetySnapshots() {
        Instant t = io.snapdock.model.Stamp.toInstant("20261101T060000Z");
        List<SnapshotEntry> history = List.of(
                snap("20261121T060000Z", true),
                SnapshotEntry.unfinished(SnapshotEntry.Area.snapshots, "20261122T055000Z", NOW.minusSeconds(600)),
                SnapshotEntry.unfinished(SnapshotEntry.Area.snapshots, "20261120T060000Z",
                        NOW.minus(Duration.ofDays(2))),
                new SnapshotEntry(SnapshotEntry.Area.safety, "20261101T060000Z", t, true, Set.of("pg"), Set.of(), null,
                        null),
                new SnapshotEntry(SnapshotEntry.Area.safety, "20261102T060000Z", t.plus(Duration.ofDays(1)), true,
                        Set.of("pg"),
                        Set.of(), "rollback-failed", t.plus(Duration.ofDays(1))),
                new SnapshotEntry(SnapshotEntry.Area.safety, "20261103T060000Z", t.plus(Duration.ofDays(2)), true,
                        Set.of("pg"),
                        Set.of(), "confirmed", t.plus(Duration.ofDays(2))),
                new SnapshotEntry(SnapshotEntry.Area.safety, "20261115T060000Z", t.plus(Duration.ofDays(14)), true,
                        Set.of("pg"),
                        Set.of(), "rolled-back", Instant.parse("2026-11-15T07:00:00Z")));
        Map<String, String> plan = plan(new RetentionSettings(7, 4, 6, 3, null, 14, Duration.ofHours(1)), history);
        assertThat(plan).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "20261121T060000Z", "KEEP daily 2026-11-21, weekly 2026-W47, monthly 2026-11, min-keep, last-valid pg",
                "20261122T055000Z", "KEEP unfinished, within the grace period",
                "20261120T060000Z", "DELETE unfinished",
                "safety/20261101T060000Z", "KEEP safety pending",
                "safety/20261102T060000Z", "KEEP safety rollback-failed",
                "safety/20261103T060000Z", "DELETE safety confirmed, older than 14d",
                "safety/20261115T060000Z", "KEEP safety rolled-back until 2026-11-29")));
    }
}
