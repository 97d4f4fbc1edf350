package io.snapdock.retention;

import io.snapdock.model.Decision;
import io.snapdock.model.RetentionPlan;
import io.snapdock.model.SnapshotEntry;
import io.snapdock.model.Stamp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of the retention policy over thousands of random histories (a seeded Random, so a
 * failure is reproducible from the printed seed and history number).
 */
class RetentionPolicyPropertyTest {

    private static final long SEED = 20261122L;
    private static final int HISTORIES = 3000;
    private static final List<String> STORES = List.of("pg", "redis", "files");
    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    record Case(List<SnapshotEntry> history, RetentionSettings settings) {
    }

    @Test
    void invariantsHoldOverRandomHistories() {
        Random random = new Random(SEED);
        for (int i = 0; i < HISTORIES; i++) {
            Case c = randomCase(random);
            String where = "seed " + SEED + ", history " + i + ", settings " + c.settings();
            RetentionPlan plan = new RetentionPolicy(c.settings()).plan(c.history(), NOW);
            check(c, plan, where);
        }
    }

    private static void check(Case c, RetentionPlan plan, String where) {
        Map<String, Decision> regular = new LinkedHashMap<>();
        plan.decisions().stream().filter(d -> d.area() == SnapshotEntry.Area.snapshots)
                .forEach(d -> regular.put(d.stamp(), d));
        assertThat(plan.decisions()).as(where).hasSize(c.history().size());

        // Every kept snapshot has a reason; every deleted one says why.
        assertThat(plan.decisions()).as(where).allMatch(d -> !d.reasons().isEmpty());

        List<SnapshotEntry> complete = c.history().stream()
                .filter(e -> e.area() == SnapshotEntry.Area.snapshots && e.complete())
                .sorted(Comparator.comparing(SnapshotEntry::time).reversed()).toList();

        // Never deletes the newest valid snapshot of any store.
        for (String store : STORES) {
            complete.stream().filter(e -> e.stores().contains(store) && e.validStores().contains(store)).findFirst()
                    .ifPresent(e -> assertThat(regular.get(e.stamp()).keep()).as(where + ": newest valid of " + store)
                            .isTrue());
        }

        // Keeps at least min(min-keep, n) complete snapshots, the newest ones.
        long keptComplete = complete.stream().filter(e -> regular.get(e.stamp()).keep()).count();
        assertThat(keptComplete).as(where).isGreaterThanOrEqualTo(Math.min(c.settings().minKeep(), complete.size()));
        complete.stream().limit(c.settings().minKeep())
                .forEach(e -> assertThat(regular.get(e.stamp()).keep()).as(where).isTrue());

        // Daily: exactly the newest of each of the newest N days holding a snapshot (within the maximum age).
        List<SnapshotEntry> inAge = complete.stream().filter(e -> c.settings().maxAgeDays() == null
                || !e.time().isBefore(NOW.minus(Duration.ofDays(c.settings().maxAgeDays())))).toList();
        Set<String> expectedDaily = new HashSet<>();
        Set<LocalDate> days = new HashSet<>();
        for (SnapshotEntry e : inAge) {
            LocalDate day = LocalDate.ofInstant(e.time(), ZoneOffset.UTC);
            if (days.size() < c.settings().daily() && days.add(day)) {
                expectedDaily.add(e.stamp());
            }
        }
        Set<String> actualDaily = regular.values().stream()
                .filter(d -> d.reasons().stream().anyMatch(r -> r.startsWith("daily ")))
                .map(Decision::stamp).collect(Collectors.toSet());
        assertThat(actualDaily).as(where).isEqualTo(expectedDaily);

        // Unfinished snapshots are never kept by a retention rule; old ones are deleted.
        c.history().stream().filter(e -> !e.complete()).forEach(e -> {
            Decision d = decision(plan, e);
            assertThat(d.keep()).as(where).isEqualTo(e.time().isAfter(NOW.minus(c.settings().unfinishedGrace())));
        });

        // Safety snapshots: pending or rollback-failed are never deleted.
        c.history().stream().filter(e -> e.area() == SnapshotEntry.Area.safety && e.complete()
                && (e.outcome() == null || "rollback-failed".equals(e.outcome())))
                .forEach(e -> assertThat(decision(plan, e).keep()).as(where).isTrue());

        // Deterministic: the same history in another order gives the same plan.
        List<SnapshotEntry> shuffled = new ArrayList<>(c.history());
        Collections.shuffle(shuffled, new Random(where.hashCode()));
        assertThat(new RetentionPolicy(c.settings()).plan(shuffled, NOW)).as(where).isEqualTo(plan);

        // Idempotent: applied to what it keeps, the plan deletes nothing more.
        Set<String> keptFolders = plan.kept().stream().map(Decision::folder).collect(Collectors.toSet());
        List<SnapshotEntry> rest = c.history().stream()
                .filter(e -> keptFolders.contains(e.area().prefix() + e.stamp() + "/")).toList();
        RetentionPlan again = new RetentionPolicy(c.settings()).plan(rest, NOW);
        assertThat(again.deleted()).as(where + ": second pass").isEmpty();
    }

    private static Decision decision(RetentionPlan plan, SnapshotEntry e) {
        return plan.decisions().stream().filter(d -> d.area() == e.area() && d.stamp().equals(e.stamp())).findFirst()
                .orElseThrow();
    }

    private static Case randomCase(Random r) {
        Integer maxAge = r.nextInt(3) == 0 ? 1 + r.nextInt(200) : null;
        RetentionSettings settings = new RetentionSettings(r.nextInt(10), r.nextInt(6), r.nextInt(8), r.nextInt(5),
                maxAge,
                r.nextInt(20), Duration.ofMinutes(r.nextInt(120)));
        int n = r.nextInt(40);
        Set<String> stamps = new HashSet<>();
        List<SnapshotEntry> history = new ArrayList<>();
        // Spans from minutes to a couple of years, dense or sparse.
        long spanSeconds = r.nextBoolean() ? Duration.ofDays(1 + r.nextInt(700)).toSeconds()
                : Duration.ofHours(1 + r.nextInt(48)).toSeconds();
        for (int i = 0; i < n; i++) {
            Instant t = NOW.minusSeconds((long) (r.nextDouble() * spanSeconds));
            String stamp = Stamp.of(t);
            SnapshotEntry.Area area = r.nextInt(6) == 0 ? SnapshotEntry.Area.safety : SnapshotEntry.Area.snapshots;
            if (!stamps.add(area + stamp)) {
                continue;
            }
            t = Stamp.toInstant(stamp);
            if (r.nextInt(8) == 0) {
                history.add(SnapshotEntry.unfinished(area, stamp, t));
                continue;
            }
            Set<String> stores = STORES.stream().filter(s -> r.nextInt(4) != 0).collect(Collectors.toSet());
            Set<String> valid = stores.stream().filter(s -> r.nextInt(3) != 0).collect(Collectors.toSet());
            if (area == SnapshotEntry.Area.safety) {
                String[] outcomes = {null, "confirmed", "rolled-back", "rollback-failed"};
                String outcome = outcomes[r.nextInt(outcomes.length)];
                Instant at = outcome == null ? null : t.plusSeconds(r.nextInt(3600));
                history.add(new SnapshotEntry(area, stamp, t, true, stores, valid, outcome, at));
            } else {
                history.add(SnapshotEntry.snapshot(stamp, t, stores, valid));
            }
        }
        return new Case(history, settings);
    }
}
