package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Requests;
import io.snapdock.run.RunChecks;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore's dry run (POST /api/restores/preview, {@code "dryRun": true}, {@code restore
 * --dry-run}): resolves the request as a restore would, then says per store what it holds now
 * (read from the live store by its handler's describe), what the snapshot holds (from the
 * manifest), and which containers would be stopped. It starts no run and changes nothing.
 * The body becomes {@code {stamp, safetySnapshot, stores: [{name, type, source, stops, current, snapshot}]}}.
 */
public class PreviewRestoreProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Requests.Restore request = exchange.getMessage().getBody(Requests.Restore.class);
        exchange.getMessage().setBody(preview(Snapdock.from(exchange), request));
    }

    public static Map<String, Object> preview(Snapdock sd, Requests.Restore request) {
        RunChecks.RestorePlan plan = RunChecks.restorePlan(sd, request);
        List<Map<String, Object>> stores = new ArrayList<>();
        for (StoreSpec spec : plan.targets()) {
            Manifest source = plan.sources().get(spec.name());
            Manifest.StoreEntry entry = source.store(spec.name());
            StoreHandler handler = sd.handlers().get(spec.type());
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("name", spec.name());
            store.put("type", handler.type());
            store.put("source", source.stamp);
            store.put("container", spec.containerName());
            store.put("stops", stops(sd, spec, handler, entry));
            store.put("current", current(sd, spec, handler));
            store.put("snapshot", handler.contents(entry));
            stores.add(store);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stamp", plan.stamp());
        out.put("dryRun", true);
        out.put("safetySnapshot", sd.safetySnapshots() && !Boolean.FALSE.equals(request.safetySnapshot));
        out.put("stores", stores);
        return out;
    }

    /** The containers the restore would stop, by name (the store's, and its stop-with companions in stop mode). */
    static List<String> stops(Snapdock sd, StoreSpec spec, StoreHandler handler, Manifest.StoreEntry entry) {
        List<String> names = new ArrayList<>();
        if (!spec.inContainer() || !(handler.restoreStopsContainer(entry.method) || "stop".equals(spec.mode()))) {
            return names;
        }
        names.add(spec.containerName());
        String with = spec.option("stop-with", null);
        if (with != null && "stop".equals(spec.mode())) {
            for (String n : with.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        return names;
    }

    /** What the live store holds, or why it could not be read (a preview never fails on that). */
    static Map<String, Object> current(Snapdock sd, StoreSpec spec, StoreHandler handler) {
        try {
            return handler.describe(sd.context(spec, null));
        } catch (Exception e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", RunSupport.describe(e));
            return out;
        }
    }
}
