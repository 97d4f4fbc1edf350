package io.snapdock.stores;

import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerConnection;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.LocalRunner;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a handler works with for one store: where its tools run (inside its container, or
 * locally for a store reached by host and port), the Docker connection and the journalled
 * container control, and the two timeouts every handler honours (one tool; a restart).
 */
public final class StoreContexts {

    private final HandlerRegistry handlers;
    private final DockerConnection docker;
    private final ContainerControl containers;
    private final Duration storeTimeout;
    private final Duration startTimeout;

    public StoreContexts(HandlerRegistry handlers, DockerConnection docker, ContainerControl containers,
            Duration storeTimeout, Duration startTimeout) {
        this.handlers = handlers;
        this.docker = docker;
        this.containers = containers;
        this.storeTimeout = storeTimeout;
        this.startTimeout = startTimeout;
    }

    public HandlerRegistry handlers() {
        return handlers;
    }

    /** How long a restarted store may take to be healthy and answer again ({@code snapdock.start.timeout-seconds}). */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** The context of {@code spec}; {@code entry} is the manifest entry a backup fills in (null otherwise). */
    public StoreContext context(StoreSpec spec, Manifest.StoreEntry entry) {
        if (spec.inContainer()) {
            return new StoreContext(spec, runnerFor(spec), entry, storeTimeout, startTimeout, docker.gateway(),
                    containers);
        }
        return new StoreContext(spec, runnerFor(spec), entry, storeTimeout, startTimeout, null, null);
    }

    /**
     * A store that is not running here (an on-demand validation of an old snapshot): its checks
     * run with the local tools, as the manifest describes the store.
     */
    public StoreContext offline(Manifest.StoreEntry e) {
        StoreSpec spec = new StoreSpec(e.name, e.type, e.method, null, null, e.image, null, null, null, null, Map.of(),
                "manifest");
        return new StoreContext(spec, new LocalRunner(), null, storeTimeout, startTimeout, null, null);
    }

    /**
     * Per store of {@code manifest}, where its checks run: the store as {@code known} (this run's
     * stores), else as discovery finds it now (looked up once, not per store), else offline.
     */
    public Function<String, StoreContext> forManifest(Manifest manifest, List<StoreSpec> known,
                                                      Supplier<Map<String, StoreSpec>> discover) {
        AtomicReference<Map<String, StoreSpec>> found = new AtomicReference<>();
        return name -> {
            StoreSpec spec = known.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (spec == null) {
                if (found.get() == null) {
                    found.set(discover.get());
                }
                spec = found.get().get(name);
            }
            return spec != null ? context(spec, null) : offline(manifest.store(name));
        };
    }

    /** Where a store's tools run: inside its container, or locally for a store reached by host and port. */
    public CommandRunner runnerFor(StoreSpec spec) {
        if (spec.inContainer()) {
            StoreHandler h = handlers.get(spec.type());
            return docker.gateway().exec(spec.container(), spec.containerName(),
                    spec.option("exec-user", h.execUser()));
        }
        return new LocalRunner();
    }
}
