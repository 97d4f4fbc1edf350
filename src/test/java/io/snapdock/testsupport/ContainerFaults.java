package io.snapdock.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * What an operator (or the engine) does to a store's container from outside: {@code docker
 * restart}, {@code docker kill} followed by a start (its restart policy, or the operator), and a
 * look at the processes running in it ({@code docker top}), to see a tool at work.
 */
public final class ContainerFaults {

    private ContainerFaults() {
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** {@code docker restart -t 10}: a running container is stopped and started, a stopped one started. */
    public static void restart(String containerId) {
        docker().restartContainerCmd(containerId).withTimeout(10).exec();
    }

    /** {@code docker kill} (SIGKILL), then the container started again once it is down, as a restart policy would. */
    public static void killAndStartAgain(String containerId) {
        docker().killContainerCmd(containerId).exec();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !Docker.running(containerId));
        docker().startContainerCmd(containerId).exec();
    }

    /** {@code docker start} of a stopped container (nothing when it runs). */
    public static void start(String containerId) {
        if (!Docker.running(containerId)) {
            docker().startContainerCmd(containerId).exec();
        }
    }

    /** The command lines running in the container, one a line; empty when it is not running. */
    public static String processes(String containerId) {
        try {
            // The engine's default ps columns end with the command line (custom ones must keep PID).
            TopContainerResponse top = docker().topContainerCmd(containerId).exec();
            if (top.getProcesses() == null) {
                return "";
            }
            return Arrays.stream(top.getProcesses()).map(p -> String.join(" ", p)).collect(Collectors.joining("\n"));
        } catch (RuntimeException notRunning) {
            return "";
        }
    }
}
