package io.snapdock.run;

import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a run carries while it works, next to its {@link Run} record: the stores it works on
 * (with their credentials: never serialised), the snapshot it writes, the manifests a restore
 * reads, the repository lock it holds. Lives on the exchange as {@code snapdockContext}.
 */
public final class RunContext {

    private final Run run;
    private List<StoreSpec> targets = new ArrayList<>();
    private SnapshotDraft draft;
    private Manifest manifest;
    private final Map<String, Manifest> sources = new LinkedHashMap<>();
    private AutoCloseable repositoryLock;
    private boolean safetySnapshot;
    private final Set<String> empty = ConcurrentHashMap.newKeySet();

    public RunContext(Run run) {
        this.run = run;
    }

    public Run run() {
        return run;
    }

    /** The stores this run works on (backup: found by discovery; restore: the stores running now). */
    public List<StoreSpec> getTargets() {
        return targets;
    }

    public void setTargets(List<StoreSpec> targets) {
        this.targets = targets;
    }

    public StoreSpec target(String name) {
        return targets.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The snapshot this run is writing now (the backup's, or a restore's safety snapshot), or null. */
    public SnapshotDraft draft() {
        return draft;
    }

    public void draft(SnapshotDraft draft) {
        this.draft = draft;
    }

    /** The manifest the run is about: a backup's (once reserved), a validation's, a restore's first source. */
    public Manifest manifest() {
        return manifest;
    }

    public void manifest(Manifest manifest) {
        this.manifest = manifest;
    }

    /** Restore: per store, the manifest it is restored from (one snapshot, or several with {@code latest}). */
    public Map<String, Manifest> sources() {
        return sources;
    }

    public AutoCloseable repositoryLock() {
        return repositoryLock;
    }

    public void repositoryLock(AutoCloseable lock) {
        this.repositoryLock = lock;
    }

    /** Restore: whether a safety snapshot is taken first (the setting, unless the request said no). */
    public boolean isSafetySnapshot() {
        return safetySnapshot;
    }

    public void setSafetySnapshot(boolean wanted) {
        this.safetySnapshot = wanted;
    }

    /** Restore: {@code store} holds nothing worth keeping now, so its safety snapshot needs no copy of it. */
    public void markEmpty(String store) {
        empty.add(store);
    }

    /** Restore: whether {@code store} was found holding nothing worth keeping before it was touched. */
    public boolean wasEmpty(String store) {
        return empty.contains(store);
    }

    /** Restore: the stores the safety snapshot copies (the targets but those found empty). */
    public List<StoreSpec> getSafetyTargets() {
        return targets.stream().filter(s -> !empty.contains(s.name())).toList();
    }

    /** Restore: whether {@code store} has a copy in the run's safety snapshot, so a failure rolls it back to that. */
    public boolean hasSafetyCopy(String store) {
        return run.safety != null && !empty.contains(store);
    }
}
