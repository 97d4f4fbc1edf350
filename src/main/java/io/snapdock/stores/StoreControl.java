package io.snapdock.stores;

import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerConnection;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stopping and starting a store's containers around a copy, and waiting for a store to answer
 * again. Every stop goes through {@link ContainerControl}, which journals a container before it
 * stops it, so a stopped container is always started again (by {@link #start}, or at the next
 * start of Snapdock).
 */
public final class StoreControl {

    private static final Logger LOG = LoggerFactory.getLogger(StoreControl.class);

    private final StoreContexts contexts;
    private final DockerConnection docker;
    private final ContainerControl containers;

    public StoreControl(StoreContexts contexts, DockerConnection docker, ContainerControl containers) {
        this.contexts = contexts;
        this.docker = docker;
        this.containers = containers;
    }

    /** Stops the store's container and those named in its {@code stop-with} option, each journalled first. */
    public ContainerControl.Stopped stop(StoreSpec spec, String run) {
        if (!spec.inContainer()) {
            throw SnapdockException.badInput("store " + spec.name() + " is in stop mode but runs in no container");
        }
        List<String> ids = new ArrayList<>();
        ids.add(spec.container());
        stopWith(spec).forEach(n -> ids.add(docker.gateway().inspect(n).getId()));
        return containers.stop(ids, spec.name(), run);
    }

    /**
     * Starts what {@link #stop} stopped and waits until it runs, is healthy (its Docker health
     * check) and answers its handler's probe (a volume has none: running is enough). Returns the
     * downtime in milliseconds.
     */
    public long start(ContainerControl.Stopped stopped, StoreSpec spec) {
        StoreHandler handler = contexts.handlers().get(spec.type());
        ContainerControl.Probe probe = "volume".equals(handler.type()) ? null
                : () -> handler.probe(contexts.context(spec, null));
        return containers.start(stopped, contexts.startTimeout(), probe);
    }

    /** The containers a restore of {@code spec} from a copy made with {@code method} would stop, by name. */
    public List<String> stopsForRestore(StoreSpec spec, String method) {
        List<String> names = new ArrayList<>();
        StoreHandler handler = contexts.handlers().get(spec.type());
        if (!spec.inContainer() || !(handler.restoreStopsContainer(method) || "stop".equals(spec.mode()))) {
            return names;
        }
        names.add(spec.containerName());
        if ("stop".equals(spec.mode())) {
            names.addAll(stopWith(spec));
        }
        return names;
    }

    /** The spec with its data folder as {@code path}, for the stop-mode folder copy. */
    public StoreSpec withDataPath(StoreSpec spec) {
        StoreHandler handler = contexts.handlers().get(spec.type());
        if (spec.option("path", null) != null || handler.dataPath() == null) {
            return spec;
        }
        Map<String, String> options = new HashMap<>(spec.options() == null ? Map.of() : spec.options());
        options.put("path", handler.dataPath());
        return new StoreSpec(spec.name(), spec.type(), spec.mode(), spec.container(), spec.containerName(),
                spec.image(),
                spec.host(), spec.port(), spec.user(), spec.password(), options, spec.source());
    }

    /**
     * A store whose container was just started (a stop-mode restore) may still be starting up:
     * its probe is retried until it answers, for at most snapdock.start.timeout-seconds.
     */
    public void awaitAnswer(StoreSpec spec) throws Exception {
        StoreHandler handler = contexts.handlers().get(spec.type());
        long deadline = System.nanoTime() + contexts.startTimeout().toNanos();
        while (true) {
            try {
                handler.probe(contexts.context(spec, null));
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("{} does not answer yet after its restore ({}), trying again", spec.name(),
                        io.snapdock.config.Secrets.describe(e));
                Thread.sleep(500);
            }
        }
    }

    private static List<String> stopWith(StoreSpec spec) {
        String with = spec.option("stop-with", null);
        return with == null ? List.of()
                : Arrays.stream(with.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
