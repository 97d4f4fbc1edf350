package io.snapdock.discovery;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.docker.DockerGateway;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds the stores to back up: containers carrying {@code snapdock.type} (optionally only
 * those of {@code snapdock.compose-project}) and stores declared as {@code snapdock.stores.NAME.*}.
 * A declared store and a labelled container of the same name are one store.
 */
public final class StoreDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDiscovery.class);
    private static final String[] OPTION_KEYS = {"databases", "exec-user", "path", "stop-with", "token", "backup-dir",
            "milvus-backup", "tool-image"};

    /** The image a sibling container takes sqlite3 from when a store's own container has none. */
    static final String SQLITE_TOOL_IMAGE = "snapdock.sqlite.tool-image";

    private final SnapdockConfig config;
    private final Supplier<DockerGateway> docker;
    private final HandlerRegistry handlers;

    public StoreDiscovery(SnapdockConfig config, Supplier<DockerGateway> docker, HandlerRegistry handlers) {
        this.config = config;
        this.docker = docker;
        this.handlers = handlers;
    }

    /** Every known store, by name. */
    public Map<String, StoreSpec> all() {
        Map<String, StoreSpec> stores = new LinkedHashMap<>();
        for (String name : config.declaredStores()) {
            stores.put(name, declared(name));
        }
        if (config.flag("snapdock.discovery.enabled")) {
            boolean needDocker = stores.isEmpty() || stores.values().stream().anyMatch(StoreSpec::inContainer);
            List<Container> containers;
            try {
                containers = docker.get().runningWithLabel(Labels.TYPE, config.get("snapdock.compose-project"));
            } catch (SnapdockException e) {
                if (needDocker) {
                    throw e;
                }
                LOG.warn("Container discovery skipped: {}", e.getMessage());
                containers = List.of();
            }
            for (Container c : containers) {
                StoreSpec found = labelled(c);
                StoreSpec existing = stores.get(found.name());
                stores.put(found.name(), existing == null ? found : merge(existing, found));
            }
        }
        return stores;
    }

    /** The stores named in {@code names} (all when empty); an unknown name is an error. */
    public List<StoreSpec> select(Collection<String> names) {
        Map<String, StoreSpec> all = all();
        if (names == null || names.isEmpty()) {
            return new ArrayList<>(all.values());
        }
        List<StoreSpec> out = new ArrayList<>();
        for (String n : names) {
            Names.requireStoreName(n);
            StoreSpec s = all.get(n);
            if (s == null) {
                throw SnapdockException.badInput("unknown store '" + n + "': known stores are "
                        + (all.isEmpty() ? "none (no labelled container, nothing declared)"
                                : String.join(", ", all.keySet())));
            }
            out.add(s);
        }
        return out;
    }

    /** Every store that can be found now; none when discovery fails (Docker unreachable, say). */
    public Map<String, StoreSpec> allOrNone() {
        try {
            return all();
        } catch (SnapdockException e) {
            return Map.of();
        }
    }

    private StoreSpec declared(String name) {
        Names.requireStoreName(name);
        String p = "snapdock.stores." + name + ".";
        String type = config.require(p + "type");
        handlers.get(type);
        String containerRef = config.get(p + "container");
        String containerId = null;
        String containerName = null;
        String image = null;
        if (containerRef != null) {
            InspectContainerResponse r = docker.get().inspect(containerRef);
            containerId = r.getId();
            containerName = DockerGateway.plainName(r.getName());
            image = r.getConfig() != null ? r.getConfig().getImage() : null;
        } else if (config.get(p + "host") == null) {
            throw SnapdockException.badInput("store '" + name + "' needs " + p + "host or " + p + "container");
        }
        Integer port = config.get(p + "port") == null ? null : config.getInt(p + "port", 0, 1, 65535);
        String password = config.get(p + "password");
        Secrets.register(password);
        return new StoreSpec(name, type, config.get(p + "mode", handlers.get(type).defaultMode()),
                containerId, containerName, image, config.get(p + "host"), port, config.get(p + "user"), password,
                options(name, Map.of()), "properties");
    }

    private StoreSpec labelled(Container c) {
        Map<String, String> labels = c.getLabels();
        String containerName = c.getNames() != null && c.getNames().length > 0
                ? DockerGateway.plainName(c.getNames()[0]) : c.getId();
        String name = labels.getOrDefault(Labels.STORE, labels.getOrDefault(Labels.COMPOSE_SERVICE, containerName));
        if (!Names.isStoreName(name)) {
            throw SnapdockException.badInput("container " + containerName + " has an invalid store name '" + name
                    + "' (label " + Labels.STORE + ")");
        }
        String type = labels.get(Labels.TYPE);
        String p = "snapdock.stores." + name + ".";
        Integer port = null;
        if (labels.get(Labels.PORT) != null) {
            try {
                port = Integer.parseInt(labels.get(Labels.PORT));
            } catch (NumberFormatException e) {
                throw SnapdockException.badInput("container " + containerName + " has an invalid label "
                        + Labels.PORT + "=" + labels.get(Labels.PORT));
            }
        }
        String password = config.get(p + "password");
        Secrets.register(password);
        Map<String, String> fromLabels = new HashMap<>();
        if (labels.get(Labels.PATH) != null) {
            fromLabels.put("path", labels.get(Labels.PATH));
        }
        if (labels.get(Labels.STOP_WITH) != null) {
            fromLabels.put("stop-with", labels.get(Labels.STOP_WITH));
        }
        if (labels.get(Labels.TOOL_IMAGE) != null) {
            fromLabels.put("tool-image", labels.get(Labels.TOOL_IMAGE));
        }
        String mode = labels.getOrDefault(Labels.MODE,
                handlers.supports(type) ? handlers.get(type).defaultMode() : "online");
        if (!mode.equals("online") && !mode.equals("stop")) {
            throw SnapdockException
                    .badInput("container " + containerName + " has an invalid label " + Labels.MODE + "=" + mode
                            + ": expected online or stop");
        }
        return new StoreSpec(name, type, config.get(p + "mode", mode), c.getId(), containerName, c.getImage(),
                config.get(p + "host"), port, config.get(p + "user"), password, options(name, fromLabels), "labels");
    }

    private Map<String, String> options(String name, Map<String, String> base) {
        Map<String, String> out = new HashMap<>(base);
        for (String k : OPTION_KEYS) {
            String v = config.get("snapdock.stores." + name + "." + k);
            if (v != null) {
                out.put(k, v);
            }
        }
        String toolImage = config.get(SQLITE_TOOL_IMAGE);
        if (!out.containsKey("tool-image") && toolImage != null && !toolImage.isBlank()) {
            out.put("tool-image", toolImage.strip());   // the default; only the SQLite handler reads it
        }
        Secrets.register(out.get("token"));
        return out;
    }

    /** Properties win for settings and credentials; the container comes from the labels. */
    private static StoreSpec merge(StoreSpec declared, StoreSpec found) {
        return new StoreSpec(declared.name(), declared.type(), declared.mode(),
                found.container(), found.containerName(), found.image(),
                declared.host(), declared.port() != null ? declared.port() : found.port(),
                declared.user(), declared.password(), merged(found.options(), declared.options()), "properties+labels");
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

}
