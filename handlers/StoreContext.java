package io.snapdock.handlers;

import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.CommandRunner;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;

import java.time.Duration;

/**
 * What a handler works with: the store, where its tools run, the manifest entry it fills in,
 * the time one tool may take, the time a container it started again may take to answer
 * ({@code snapdock.start.timeout-seconds}), and — for a store in a container — the Docker
 * connection and the control that stops and starts containers with a journal (null for a store
 * reached by host).
 */
public record StoreContext(StoreSpec spec, CommandRunner runner, Manifest.StoreEntry entry, Duration timeout,
        Duration startTimeout, DockerGateway docker, ContainerControl containers) {

    /**
     * The Docker connection, for handlers that work on the store's container; a store that is
     * not in one fails with "store NAME {@code why}".
     */
    public DockerGateway requireDocker(String why) {
        if (docker == null || containers == null || spec == null || !spec.inContainer()) {
            throw io.snapdock.SnapdockException.badInput("store " + (spec == null ? "?" : spec.name()) + " " + why);
        }
        return docker;
    }

    /** The store's container's IP address on its first network; null when there is no container or Docker. */
    public String containerAddress() {
        return docker == null || spec == null || !spec.inContainer() ? null : docker.address(spec.container());
    }
}
