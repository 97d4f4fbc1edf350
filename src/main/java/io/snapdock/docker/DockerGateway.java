package io.snapdock.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
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
            throw SnapdockException.unavailable(
                    "Docker engine at " + host + " is unreachable: " + SnapdockException.rootMessage(e), e);
        }
    }

    public InspectContainerResponse inspect(String idOrName) {
        try {
            return client.inspectContainerCmd(idOrName).exec();
        } catch (NotFoundException e) {
            throw SnapdockException.notFound("container '" + idOrName + "' does not exist");
        }
    }

    /**
     * The container's IP address on its first network (the engine lists networks by name), for
     * stores reached over the network; null when it has none (network mode host or none).
     */
    public String address(String idOrName) {
        InspectContainerResponse r = inspect(idOrName);
        return r.getNetworkSettings() == null ? null
                : firstAddress(r.getNetworkSettings().getNetworks(), r.getNetworkSettings().getIpAddress());
    }

    /** The first network's IPv4 address, else its global IPv6 address, else {@code legacy}; null when none. */
    public static String firstAddress(java.util.Map<String, ContainerNetwork> networks, String legacy) {
        if (networks != null) {
            for (ContainerNetwork n : networks.values()) {
                if (n == null) {
                    continue;
                }
                if (n.getIpAddress() != null && !n.getIpAddress().isBlank()) {
                    return n.getIpAddress();
                }
                if (n.getGlobalIPv6Address() != null && !n.getGlobalIPv6Address().isBlank()) {
                    return n.getGlobalIPv6Address();
                }
            }
        }
        return legacy == null || legacy.isBlank() ? null : legacy;
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

    public String name(String id) {
        return plainName(inspect(id).getName());
    }

    /** A container name as the engine gives it ("/db-1") without its leading slash. */
    public static String plainName(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    /**
     * Waits until the container runs and, when it has a Docker health check, reports healthy.
     * Returns null when it is, else what is wrong.
     */
    public String awaitHealthy(String id, long deadlineNanos) {
        while (true) {
            InspectContainerResponse r = inspect(id);
            var state = r.getState();
            boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
            String health = state != null && state.getHealth() != null ? state.getHealth().getStatus() : null;
            if (running && (health == null || "healthy".equals(health))) {
                return null;
            }
            if (System.nanoTime() > deadlineNanos) {
                return name(id) + (running ? " is " + health : " is not running");
            }
            ContainerControl.pause();
        }
    }

    /** A tar stream of {@code path} inside the container (works on a stopped container too). */
    public java.io.InputStream copyOut(String id, String path) {
        java.io.InputStream tar = copyOutIfExists(id, path);
        if (tar == null) {
            throw SnapdockException.failed("path " + path + " does not exist in container " + name(id));
        }
        return tar;
    }

    /** Like {@link #copyOut}, but null when the path does not exist. */
    public java.io.InputStream copyOutIfExists(String id, String path) {
        try {
            return client.copyArchiveFromContainerCmd(id, path).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * True when folder {@code dir} exists in the container (stopped or not), false when it does
     * not: an empty archive is unpacked into it, which changes nothing.
     */
    public boolean folderExists(String id, String dir) {
        try {
            copyIn(id, dir, new java.io.ByteArrayInputStream(new byte[1024]));   // end-of-archive blocks only
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Unpacks the tar stream {@code tar} into folder {@code dir} of the container (stopped or not). */
    public void copyIn(String id, String dir, java.io.InputStream tar) {
        client.copyArchiveToContainerCmd(id).withRemotePath(dir).withTarInputStream(tar).exec();
    }

    /**
     * Runs {@code cmd} in a throw-away container made from {@code image} with the volumes of
     * container {@code volumesFrom} (the sibling-container method), waits for it, removes it,
     * and returns its exit code and the end of its output.
     */
    public Sibling runSibling(String image, String volumesFrom, java.util.List<String> cmd,
                              java.time.Duration timeout) {
        var created = client.createContainerCmd(image)
                .withEntrypoint(cmd.toArray(String[]::new))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withVolumesFrom(
                        new com.github.dockerjava.api.model.VolumesFrom(volumesFrom)))
                .withLabels(java.util.Map.of("snapdock.sibling-of", volumesFrom))
                .exec();
        String sid = created.getId();
        try {
            client.startContainerCmd(sid).exec();
            Integer code = client.waitContainerCmd(sid).start()
                    .awaitStatusCode(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            StringBuilder logs = new StringBuilder();
            try {
                client.logContainerCmd(sid).withStdOut(true).withStdErr(true).withTail(20)
                        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                            @Override
                            public void onNext(com.github.dockerjava.api.model.Frame f) {
                                logs.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Sibling(code == null ? -1 : code, logs.toString());
        } finally {
            try {
                client.removeContainerCmd(sid).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    /** What a sibling container ended with. */
    public record Sibling(int exitCode, String output) {
    }

    /**
     * Starts {@code cmd} in a throw-away container made from {@code image} with the volumes of
     * container {@code volumesFrom}, as {@code user} (null: the image's user), and streams its
     * stdout back (feeding its stdin when {@code withStdin}): a tool that must read or write the
     * store's files while the store's own container is stopped (neo4j-admin database dump/load).
     * {@link RunningCommand#waitFor} returns the sibling's exit code; closing removes it.
     */
    public io.snapdock.exec.RunningCommand startSibling(String image, String volumesFrom, List<String> cmd,
                                                        java.util.Map<String, String> env, String user,
                                                        boolean withStdin) throws java.io.IOException {
        var create = client.createContainerCmd(image)
                .withEntrypoint(cmd.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(withStdin)
                .withStdinOpen(withStdin)
                .withStdInOnce(withStdin)
                .withTty(false)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withVolumesFrom(
                        new com.github.dockerjava.api.model.VolumesFrom(volumesFrom)))
                .withLabels(java.util.Map.of("snapdock.sibling-of", volumesFrom));
        if (user != null) {
            create.withUser(user);
        }
        String sid;
        try {
            sid = create.exec().getId();
        } catch (RuntimeException e) {
            throw SnapdockException.failed("cannot create a sibling container from " + image + " for " + cmd.get(0)
                    + ": " + SnapdockException.rootMessage(e));
        }
        String what = cmd.get(0) + "@sibling-of-" + name(volumesFrom);
        io.snapdock.exec.ExecStreams streams = new io.snapdock.exec.ExecStreams(256);
        ExecConnection conn;
        try {
            conn = ExecConnection.attach(host, sid, withStdin, streams, what);
            client.startContainerCmd(sid).exec();
        } catch (java.io.IOException | RuntimeException e) {
            removeQuietly(sid);
            throw SnapdockException.failed("cannot start " + what + ": " + SnapdockException.rootMessage(e));
        }
        return new ConnectedCommand(conn, streams, withStdin, what, what, () -> {
            Integer code = client.waitContainerCmd(sid).start().awaitStatusCode(30,
                    java.util.concurrent.TimeUnit.SECONDS);
            return code == null ? -1 : code;
        }, () -> removeQuietly(sid));
    }

    private void removeQuietly(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** Commands run each in a throw-away sibling of {@code containerId} made from {@code image}, as {@code user}. */
    public SiblingRunner sibling(String image, String containerId, String containerName, String user) {
        return new SiblingRunner(this, image, containerId, containerName, user);
    }

    public DockerExecRunner exec(String containerId, String containerName, String user) {
        return new DockerExecRunner(client, host, containerId, containerName, user);
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
