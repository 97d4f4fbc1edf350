package io.snapdock.model;

import java.util.List;

/** Every snapshot folder with its decision: regular snapshots newest first, then safety snapshots newest first. */
public record RetentionPlan(String at, List<Decision> decisions) {

    public List<Decision> kept() {
        return decisions.stream().filter(Decision::keep).toList();
    }

    public List<Decision> deleted() {
        return decisions.stream().filter(d -> !d.keep()).toList();
    }

    /** The plan as a table: STAMP, KEEP or DELETE, the reasons (safety snapshots marked as such). */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("%-28s %-7s %s%n", "STAMP", "ACTION", "REASONS"));
        for (Decision d : decisions) {
            String name = d.area() == SnapshotEntry.Area.safety
                    ? io.snapdock.repo.snapshot.Snapshots.SAFETY_ROOT + d.stamp() : d.stamp();
            out.append(String.format("%-28s %-7s %s%n", name, d.keep() ? "KEEP" : "DELETE",
                    String.join(", ", d.reasons())));
        }
        return out.toString();
    }
}
