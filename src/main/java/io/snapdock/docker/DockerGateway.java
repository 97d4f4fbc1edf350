package io.snapdock.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.snapdock.SnapdockException;

import java.time.Duration;
import java.util.List;

/**
 * Snapdock's one connection to the Docker engine ({@code snapdock.docker.host}): listing
 * containers by label, inspecting, stopping and starting them, and running the stores' tools
 * inside them ({@link DockerExecRunner}).
 */
public final class DockerGateway implements AutoCloseable {

    private final String host;
    private final DockerClient client;

    public DockerGateway(String host) {
        if (!(host.startsWith("unix://") || host.startsWith("tcp://") || host.startsWith("npipe://"))) {
            throw SnapdockException.badInput("invalid configuration snapdock.docker.host=" + host
                    + ": expected unix:///path/to/docker.sock or tcp://host:port");
        }
        this.host = host;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(32)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    public DockerClient client() {
        return client;
    }

    public String host() {
        return host;
    }

    /** Fails with a clear message when the engine cannot be reached. */
    public void ping() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw SnapdockException.unavailable("Docker engine at " + host + " is unreachable: " + rootMessage(e), e);
        }
    }

    /** Running containers carrying {@code label} (optionally only those of one compose project). */
    public List<Container> runningWithLabel(String label, String composeProject) {
        try {
            var cmd = client.listContainersCmd().withShowAll(false);
            if (composeProject != null) {
                cmd.withLabelFilter(java.util.Map.of("com.docker.compose.project", composeProject));
            }
            return cmd.exec().stream()
                    .filter(c -> c.getLabels() != null && c.getLabels().containsKey(label))
                    .toList();
        } catch (RuntimeException e) {
            throw SnapdockException.unavailable("Docker engine at " + host + " is unreachable: " + rootMessage(e), e);
        }
    }

    public InspectContainerResponse inspect(String idOrName) {
        try {
            return client.inspectContainerCmd(idOrName).exec();
        } catch (NotFoundException e) {
            throw SnapdockException.notFound("container '" + idOrName + "' does not exist");
        }
    }

    public boolean isRunning(String id) {
        InspectContainerResponse r = inspect(id);
        return r.getState() != null && Boolean.TRUE.equals(r.getState().getRunning());
    }

    public void stop(String id, int timeoutSeconds) {
        try {
            client.stopContainerCmd(id).withTimeout(timeoutSeconds).exec();
        } catch (NotModifiedException alreadyStopped) {
            // stopped already: what we wanted
        }
    }

    public void start(String id) {
        try {
            client.startContainerCmd(id).exec();
        } catch (NotModifiedException alreadyRunning) {
            // running already: what we wanted
        }
    }

    public DockerExecRunner exec(String containerId, String containerName, String user) {
        return new DockerExecRunner(client, host, containerId, containerName, user);
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (java.io.IOException ignored) {
            // closing a connection pool
        }
    }
}
