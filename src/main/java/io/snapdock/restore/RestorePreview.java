package io.snapdock.restore;

import io.snapdock.config.Secrets;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Requests;
import io.snapdock.stores.StoreContexts;
import io.snapdock.stores.StoreControl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore's dry run: resolves the request as a restore would, then says per store what it
 * holds now (read from the live store by its handler's describe), what the snapshot holds (from
 * the manifest), and which containers would be stopped. It starts no run and changes nothing.
 * The answer: {@code {stamp, dryRun, safetySnapshot, stores: [{name, type, source, container, stops, current, snapshot}]}}.
 */
public final class RestorePreview {

    private final RestorePlanner planner;
    private final StoreContexts contexts;
    private final StoreControl control;
    private final boolean safetySnapshotByDefault;

    public RestorePreview(RestorePlanner planner, StoreContexts contexts, StoreControl control,
            boolean safetySnapshotByDefault) {
        this.planner = planner;
        this.contexts = contexts;
        this.control = control;
        this.safetySnapshotByDefault = safetySnapshotByDefault;
    }

    public Map<String, Object> preview(Requests.Restore request) {
        RestorePlanner.RestorePlan plan = planner.plan(request);
        List<Map<String, Object>> stores = new ArrayList<>();
        for (StoreSpec spec : plan.targets()) {
            Manifest source = plan.sources().get(spec.name());
            Manifest.StoreEntry entry = source.store(spec.name());
            StoreHandler handler = contexts.handlers().get(spec.type());
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("name", spec.name());
            store.put("type", handler.type());
            store.put("source", source.stamp);
            store.put("container", spec.containerName());
            store.put("stops", control.stopsForRestore(spec, entry.method));
            store.put("current", current(spec, handler));
            store.put("snapshot", handler.contents(entry));
            stores.add(store);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stamp", plan.stamp());
        out.put("dryRun", true);
        out.put("safetySnapshot", safetySnapshotByDefault && !Boolean.FALSE.equals(request.safetySnapshot));
        out.put("stores", stores);
        return out;
    }

    /** What the live store holds, or why it could not be read (a preview never fails on that). */
    private Map<String, Object> current(StoreSpec spec, StoreHandler handler) {
        try {
            return handler.describe(contexts.context(spec, null));
        } catch (Exception e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", Secrets.describe(e));
            return out;
        }
    }
}
