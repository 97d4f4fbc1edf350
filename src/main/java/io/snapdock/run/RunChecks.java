package io.snapdock.run;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.Stamp;
import io.snapdock.model.StoreSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks a request passes before a run is started, shared by the routes and the API (which
 * answers 4xx at once instead of queuing a run bound to fail). None of them writes anything.
 */
public final class RunChecks {

    private RunChecks() {
    }

    /** A restore resolved: the snapshot's manifest and, per store to restore, the store as it runs now. */
    public record RestorePlan(Manifest manifest, List<StoreSpec> targets) {
    }

    public static List<StoreSpec> backupTargets(Snapdock sd, List<String> stores) {
        return sd.discovery().select(stores);
    }

    public static RestorePlan restorePlan(Snapdock sd, Requests.Restore request) {
        if (request == null) {
            throw SnapdockException.badInput("a restore needs a body: {\"stamp\": \"YYYYMMDDTHHMMSSZ\", \"stores\": [...]}");
        }
        String stamp = Stamp.require(request.stamp);
        List<String> wanted = request.stores == null ? List.of() : request.stores;
        wanted.forEach(Names::requireStoreName);
        io.snapdock.repo.Snapshots source = sd.snapshots(Sources.resolve(sd, request.from));
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
        Map<String, StoreSpec> current = sd.discovery().all();
        List<StoreSpec> targets = new ArrayList<>();
        for (String n : names) {
            StoreSpec spec = current.get(n);
            if (spec == null) {
                throw SnapdockException.notFound("store '" + n + "' is not running or not known here: nothing to restore"
                        + " into (start its container, or declare it with snapdock.stores." + n + ".*)");
            }
            Manifest.StoreEntry entry = manifest.store(n);
            if (!sd.handlers().get(spec.type()).type().equals(sd.handlers().get(entry.type).type())) {
                throw SnapdockException.badInput("store '" + n + "' is of type " + spec.type() + " now but its backup in "
                        + stamp + " is of type " + entry.type);
            }
            targets.add(spec);
        }
        return new RestorePlan(manifest, targets);
    }
}
