package io.snapdock.retention;

import io.snapdock.model.Decision;
import io.snapdock.model.RetentionPlan;
import io.snapdock.model.SnapshotEntry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Pure retention logic: from the snapshots in a repository and the settings, which to keep and why.
 * <p>
 * Regular snapshots (complete ones only) are kept by any of:
 * <ul>
 * <li>{@code daily D}, {@code weekly YYYY-Www}, {@code monthly YYYY-MM}: the newest snapshot of each of
 *     the newest N calendar days / ISO weeks / months (UTC) that hold a snapshot (restic's
 *     {@code --keep-daily/--keep-weekly/--keep-monthly});</li>
 * <li>{@code min-keep}: the newest {@code minKeep} snapshots, whatever their age;</li>
 * <li>{@code last-valid <store>}: the newest snapshot of each store whose last validation found
 *     that store valid: never deleted.</li>
 * </ul>
 * Precedence of the maximum age: a snapshot older than {@code maxAgeDays} loses its calendar
 * reasons, but {@code min-keep} and {@code last-valid} still keep it (so a repository whose
 * backups stopped long ago still holds its newest, restorable snapshots).
 * <p>
 * A snapshot folder without a manifest is an unfinished run: kept while younger than the grace
 * period (a backup may still be writing it), deleted after. Safety snapshots (taken before a
 * restore) are never deleted while their restore is pending (no outcome) or its rollback failed;
 * confirmed and rolled-back ones are kept {@code safetyDays} days after the outcome.
 */
public final class RetentionPolicy {

    private final RetentionSettings settings;

    public RetentionPolicy(RetentionSettings settings) {
        this.settings = settings;
    }

    public RetentionPlan plan(List<SnapshotEntry> entries, Instant now) {
        Comparator<SnapshotEntry> newestFirst = Comparator.comparing(SnapshotEntry::time).reversed()
                .thenComparing(SnapshotEntry::stamp, Comparator.reverseOrder());
        List<Decision> out = new ArrayList<>();
        for (SnapshotEntry.Area area : SnapshotEntry.Area.values()) {
            List<SnapshotEntry> sorted = entries.stream().filter(e -> e.area() == area).sorted(newestFirst).toList();
            Map<String, List<String>> reasons = area == SnapshotEntry.Area.snapshots ? regular(sorted, now)
                    : safety(sorted, now);
            for (SnapshotEntry e : sorted) {
                List<String> why = reasons.get(e.stamp());
                if (!e.complete()) {
                    out.add(unfinished(e, now));
                } else if (!why.isEmpty()) {
                    out.add(new Decision(area, e.stamp(), true, List.copyOf(why)));
                } else {
                    out.add(new Decision(area, e.stamp(), false, List.of(deleteReason(e, now))));
                }
            }
        }
        return new RetentionPlan(now.toString(), out);
    }

    private Decision unfinished(SnapshotEntry e, Instant now) {
        boolean young = e.time().isAfter(now.minus(settings.unfinishedGrace()));
        return new Decision(e.area(), e.stamp(), young,
                List.of(young ? "unfinished, within the grace period" : "unfinished"));
    }

    private String deleteReason(SnapshotEntry e, Instant now) {
        if (e.area() == SnapshotEntry.Area.safety) {
            return "safety " + e.outcome() + ", older than " + settings.safetyDays() + "d";
        }
        return tooOld(e, now) ? "older than max-age " + settings.maxAgeDays() + "d" : "no rule keeps it";
    }

    private boolean tooOld(SnapshotEntry e, Instant now) {
        return settings.maxAgeDays() != null && e.time().isBefore(now.minus(Duration.ofDays(settings.maxAgeDays())));
    }

    private Map<String, List<String>> regular(List<SnapshotEntry> sorted, Instant now) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        sorted.forEach(e -> reasons.put(e.stamp(), new ArrayList<>()));
        List<SnapshotEntry> complete = sorted.stream().filter(SnapshotEntry::complete).toList();
        List<SnapshotEntry> inAge = complete.stream().filter(e -> !tooOld(e, now)).toList();
        buckets(inAge, settings.daily(), e -> "daily " + day(e), reasons);
        buckets(inAge, settings.weekly(), e -> {
            LocalDate d = day(e);
            return String.format("weekly %d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR),
                    d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }, reasons);
        buckets(inAge, settings.monthly(), e -> "monthly " + day(e).toString().substring(0, 7), reasons);
        for (int i = 0; i < Math.min(settings.minKeep(), complete.size()); i++) {
            reasons.get(complete.get(i).stamp()).add("min-keep");
        }
        Set<String> seen = new HashSet<>();
        for (SnapshotEntry e : complete) {
            e.validStores().stream().filter(e.stores()::contains).sorted().forEach(store -> {
                if (seen.add(store)) {
                    reasons.get(e.stamp()).add("last-valid " + store);
                }
            });
        }
        return reasons;
    }

    /** The newest entry of each of the newest {@code n} buckets (entries come newest first). */
    private static void buckets(List<SnapshotEntry> newestFirst, int n, Function<SnapshotEntry, String> bucket,
                                Map<String, List<String>> reasons) {
        Set<String> taken = new HashSet<>();
        for (SnapshotEntry e : newestFirst) {
            if (taken.size() >= n) {
                return;
            }
            String b = bucket.apply(e);
            if (taken.add(b)) {
                reasons.get(e.stamp()).add(b);
            }
        }
    }

    private Map<String, List<String>> safety(List<SnapshotEntry> sorted, Instant now) {
        Map<String, List<String>> reasons = new HashMap<>();
        for (SnapshotEntry e : sorted) {
            List<String> why = new ArrayList<>();
            String outcome = e.outcome();
            if (outcome == null) {
                why.add("safety pending");
            } else if ("confirmed".equals(outcome) || "rolled-back".equals(outcome)) {
                Instant since = e.outcomeAt() != null ? e.outcomeAt() : e.time();
                Instant until = since.plus(Duration.ofDays(settings.safetyDays()));
                if (now.isBefore(until)) {
                    why.add("safety " + outcome + " until " + LocalDate.ofInstant(until, ZoneOffset.UTC));
                }
            } else {
                // rollback-pending, rollback-failed, or a state this version does not know: the data may be needed, never delete it.
                why.add("safety " + outcome);
            }
            reasons.put(e.stamp(), why);
        }
        return reasons;
    }

    private static LocalDate day(SnapshotEntry e) {
        return LocalDate.ofInstant(e.time(), ZoneOffset.UTC);
    }
}
