package io.snapdock.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import io.snapdock.SnapdockException;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.RunningCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool inside a container ({@code docker exec} through the API) and streams its stdout
 * back, so the tool of the server's own version is used and nothing is staged on disk.
 * camel-docker's execstart drops the output, hence docker-java directly.
 */
public final class DockerExecRunner implements CommandRunner {

    private final DockerClient client;
    private final String containerId;
    private final String containerName;
    private final String user;

    DockerExecRunner(DockerClient client, String containerId, String containerName, String user) {
        this.client = client;
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
                    + DockerGateway.rootMessage(e));
        }
        var out = new io.snapdock.exec.ExecStreams(256);
        PipedOutputStream stdinWriter = null;
        PipedInputStream stdinReader = null;
        if (withStdin) {
            stdinReader = new PipedInputStream(1 << 20);
            stdinWriter = new PipedOutputStream(stdinReader);
        }
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                out.accept(frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR, frame.getPayload());
            }

            @Override
            public void onError(Throwable t) {
                out.finish(new IOException("output of " + argv.get(0) + " in " + containerName + " broke off: "
                        + DockerGateway.rootMessage(t)));
                super.onError(t);
            }

            @Override
            public void onComplete() {
                out.finish(null);
                super.onComplete();
            }
        };
        var start = client.execStartCmd(execId).withDetach(false).withTty(false);
        if (withStdin) {
            start.withStdIn(stdinReader);
        }
        start.exec(callback);
        final OutputStream stdin = stdinWriter;
        return new RunningCommand() {
            @Override
            public InputStream stdout() {
                return out.stdout();
            }

            @Override
            public OutputStream stdin() {
                return stdin;
            }

            @Override
            public int waitFor(Duration timeout) throws IOException {
                try {
                    if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw SnapdockException.failed(argv.get(0) + " in " + containerName + " did not finish within " + timeout);
                    }
                    // The stream can end a moment before the engine records the exit code.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (true) {
                        InspectExecResponse r = client.inspectExecCmd(execId).exec();
                        if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                            return r.getExitCodeLong().intValue();
                        }
                        if (System.nanoTime() > deadline) {
                            throw SnapdockException.failed("no exit code for " + argv.get(0) + " in " + containerName);
                        }
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + argv.get(0));
                }
            }

            @Override
            public String stderr() {
                return out.stderr();
            }

            @Override
            public void close() {
                out.close();
                try {
                    callback.close();
                } catch (IOException ignored) {
                    // the stream is gone either way
                }
            }
        };
    }
}
