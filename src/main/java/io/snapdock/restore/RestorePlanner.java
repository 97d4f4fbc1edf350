package io.snapdock.restore;

import io.snapdock.SnapdockException;
import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.Stamp;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.Requests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves a restore request before anything is touched: the snapshot(s) and, per store, the
 * store running now. Used by the restore route, its preview and the API (which answers 4xx at
 * once instead of queuing a run bound to fail). Reads only.
 */
public final class RestorePlanner {

    private final RepositoryViews repositories;
    private final StoreDiscovery discovery;
    private final HandlerRegistry handlers;

    public RestorePlanner(RepositoryViews repositories, StoreDiscovery discovery, HandlerRegistry handlers) {
        this.repositories = repositories;
        this.discovery = discovery;
        this.handlers = handlers;
    }

    /**
     * A restore resolved: the snapshot's manifest and, per store to restore, the store as it runs
     * now and the manifest it is restored from (with {@code latest} they may differ per store).
     */
    public record RestorePlan(Manifest manifest, List<StoreSpec> targets, Map<String, Manifest> sources) {
        /** The stamp of the run: the one snapshot restored from, or {@code latest} when the stores come from several. */
        public String stamp() {
            java.util.Set<String> stamps = new java.util.TreeSet<>();
            sources.values().forEach(m -> stamps.add(m.stamp));
            return stamps.size() == 1 ? stamps.iterator().next() : LATEST;
        }
    }

    /** The stamp that names, per store, the newest snapshot holding it whose last validation said valid. */
    public static final String LATEST = "latest";

    public RestorePlan plan(Requests.Restore request) {
        if (request == null) {
            throw SnapdockException
                    .badInput("a restore needs a body: {\"stamp\": \"YYYYMMDDTHHMMSSZ\", \"stores\": [...]}");
        }
        if (LATEST.equals(request.stamp)) {
            return latestPlan(request);
        }
        String stamp = Stamp.require(request.stamp);
        List<String> wanted = request.stores == null ? List.of() : request.stores;
        wanted.forEach(Names::requireStoreName);
        Snapshots source = repositories.snapshots(repositories.resolve(request.from));
        Manifest manifest = source.manifest(stamp);
        source.requireReadable(manifest);
        List<String> names = new ArrayList<>();
        if (wanted.isEmpty()) {
            manifest.stores.forEach(s -> names.add(s.name));
        } else {
            for (String n : wanted) {
                if (manifest.store(n) == null) {
                    throw SnapdockException.badInput("store '" + n + "' is not in snapshot " + stamp + " (it holds "
                            + String.join(", ", manifest.stores.stream().map(s -> s.name).toList()) + ")");
                }
                names.add(n);
            }
        }
        Map<String, Manifest> sources = new java.util.LinkedHashMap<>();
        names.forEach(n -> sources.put(n, manifest));
        return new RestorePlan(manifest, targets(sources), sources);
    }

    /**
     * {@code latest}: per store, the newest snapshot holding it whose validation.json says valid.
     * A snapshot never validated (no validation.json) counts as not valid: when no validated one
     * holds a store, the restore is refused, naming the unchecked ones to validate. Without named
     * stores: the stores of the newest valid snapshot.
     */
    RestorePlan latestPlan(Requests.Restore request) {
        List<String> wanted = request.stores == null ? List.of() : request.stores;
        wanted.forEach(Names::requireStoreName);
        Map<String, Manifest> sources = new java.util.LinkedHashMap<>();
        wanted.forEach(n -> sources.put(n, null));
        List<String> unchecked = new ArrayList<>();
        Manifest newest = null;
        Snapshots source = repositories.snapshots(repositories.resolve(request.from));
        List<String> stamps;
        try {
            stamps = source.stamps();
        } catch (java.io.IOException e) {
            throw SnapdockException.unavailable("the repository cannot be listed: " + e.getMessage(), e);
        }
        for (String stamp : stamps) {
            if (newest != null && !sources.containsValue(null)) {
                break;
            }
            io.snapdock.model.ValidationReport v = source.validation(stamp);
            if (v == null || !v.valid) {
                if (v == null) {
                    unchecked.add(stamp);
                }
                continue;
            }
            Manifest m;
            try {
                m = source.manifest(stamp);
            } catch (SnapdockException e) {
                continue;
            }
            if (newest == null) {
                newest = m;
                if (wanted.isEmpty()) {
                    m.stores.forEach(s -> sources.put(s.name, m));
                }
            }
            for (Map.Entry<String, Manifest> e : sources.entrySet()) {
                if (e.getValue() == null && m.store(e.getKey()) != null) {
                    e.setValue(m);
                }
            }
        }
        List<String> missing = sources.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .toList();
        if (newest == null || !missing.isEmpty()) {
            throw SnapdockException.notFound("no validated snapshot holds "
                    + (missing.isEmpty() ? "any store" : "store(s) " + String.join(", ", missing))
                    + ": 'latest' restores only from a snapshot whose validation said valid"
                    + (unchecked.isEmpty() ? ""
                            : " (never validated: " + String.join(", ", unchecked.stream().limit(5).toList())
                                    + (unchecked.size() > 5 ? ", ..." : "")
                                    + "; validate one with 'snapdock validate STAMP' or name its stamp)"));
        }
        new java.util.LinkedHashSet<>(sources.values()).forEach(m -> source.requireReadable(m));
        List<StoreSpec> targets = targets(sources);
        Manifest first = sources.values().iterator().next();
        return new RestorePlan(first, targets, sources);
    }

    /** Per store to restore, the store running now; refused when it is not there or of another type. */
    private List<StoreSpec> targets(Map<String, Manifest> sources) {
        Map<String, StoreSpec> current = discovery.all();
        List<StoreSpec> targets = new ArrayList<>();
        for (Map.Entry<String, Manifest> source : sources.entrySet()) {
            String n = source.getKey();
            StoreSpec spec = current.get(n);
            if (spec == null) {
                throw SnapdockException
                        .notFound("store '" + n + "' is not running or not known here: nothing to restore"
                                + " into (start its container, or declare it with snapdock.stores." + n + ".*)");
            }
            Manifest.StoreEntry entry = source.getValue().store(n);
            if (!handlers.get(spec.type()).type().equals(handlers.get(entry.type).type())) {
                throw SnapdockException
                        .badInput("store '" + n + "' is of type " + spec.type() + " now but its backup in "
                                + source.getValue().stamp + " is of type " + entry.type);
            }
            targets.add(spec);
        }
        return targets;
    }
}
