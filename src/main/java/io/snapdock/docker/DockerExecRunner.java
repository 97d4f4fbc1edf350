package io.snapdock.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import io.snapdock.SnapdockException;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.ExecStreams;
import io.snapdock.exec.RunningCommand;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool inside a container ({@code docker exec}) and streams its stdout back, so the
 * tool of the server's own version is used and nothing is staged on disk. The exec is created
 * and inspected with docker-java; its stream goes through {@link ExecConnection}, which can
 * signal the end of stdin. (camel-docker's execstart drops the output altogether.)
 */
public final class DockerExecRunner implements CommandRunner {

    private final DockerClient client;
    private final String dockerHost;
    private final String containerId;
    private final String containerName;
    private final String user;

    DockerExecRunner(DockerClient client, String dockerHost, String containerId, String containerName, String user) {
        this.client = client;
        this.dockerHost = dockerHost;
        this.containerId = containerId;
        this.containerName = containerName;
        this.user = user;
    }

    @Override
    public String describe() {
        return "container " + containerName;
    }

    @Override
    public RunningCommand start(List<String> argv, Map<String, String> env, boolean withStdin) throws IOException {
        ExecCreateCmd create = client.execCreateCmd(containerId)
                .withCmd(argv.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(withStdin)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (user != null) {
            create.withUser(user);
        }
        String execId;
        try {
            execId = create.exec().getId();
        } catch (RuntimeException e) {
            throw SnapdockException.failed("cannot run " + argv.get(0) + " in container " + containerName + ": "
                    + SnapdockException.rootMessage(e));
        }
        ExecStreams streams = new ExecStreams(256);
        ExecConnection conn = ExecConnection.start(dockerHost, execId, streams, argv.get(0) + "@" + containerName);
        if (!withStdin) {
            conn.stdin().close();
        }
        return new ConnectedCommand(conn, streams, withStdin, argv.get(0) + " in " + containerName, argv.get(0),
                () -> exitCode(execId, argv.get(0)), () -> {
                });
    }

    /** The exec's exit code: the stream can end a moment before the engine records it. */
    private int exitCode(String execId, String tool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            InspectExecResponse r = client.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw SnapdockException.failed("no exit code for " + tool + " in " + containerName);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
