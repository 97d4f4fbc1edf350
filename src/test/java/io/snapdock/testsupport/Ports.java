package io.snapdock.testsupport;

import com.github.dockerjava.api.model.ExposedPort;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.ServerSocket;

/** Local ports: one nothing listens on, and the one a container publishes now. */
public final class Ports {

    private Ports() {
    }

    /** A local port nothing listens on (bound, then released). */
    public static int closed() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The host port {@code container} publishes {@code port} on, asked of the engine each time
     * (Testcontainers keeps the one of its start; a restarted container may be published on another).
     */
    public static int published(GenericContainer<?> container, int port) {
        var bindings = container.getCurrentContainerInfo().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(container.getContainerName() + " publishes no port for " + port
                    + " (not running?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
