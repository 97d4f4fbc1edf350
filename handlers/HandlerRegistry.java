package io.snapdock.handlers;

import io.snapdock.SnapdockException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Store type → handler. Registering a new store type is one line in {@code io.snapdock.app.StoreTypes}. */
public final class HandlerRegistry {

    private final Map<String, StoreHandler> byType = new LinkedHashMap<>();

    public HandlerRegistry(List<StoreHandler> handlers) {
        for (StoreHandler h : handlers) {
            byType.put(h.type(), h);
            h.aliases().forEach(a -> byType.put(a, h));
        }
    }

    public boolean supports(String type) {
        return type != null && byType.containsKey(type);
    }

    public StoreHandler get(String type) {
        StoreHandler h = type == null ? null : byType.get(type);
        if (h == null) {
            throw SnapdockException.badInput("unknown store type '" + type + "': supported types are " + types());
        }
        return h;
    }

    /**
     * The handler that made (or makes) a copy with {@code method}: in stop mode every type is
     * copied as its stopped data folder, so the folder method handles it, unless the type's
     * handler dumps the stopped store with its own tool ({@link StoreHandler#dumpsWhileStopped()}).
     */
    public StoreHandler forMethod(String type, String method) {
        StoreHandler h = get(type);
        return "stop".equals(method) && !h.dumpsWhileStopped() ? get("volume") : h;
    }

    public Set<String> types() {
        return byType.keySet();
    }
}
