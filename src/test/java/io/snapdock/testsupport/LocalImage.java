package io.snapdock.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;

/** Containers from the project's own test images (docker/test-images), which are never pulled. */
public final class LocalImage {

    private LocalImage() {
    }

    /** A container of {@code image}: built locally by scripts/test-env.sh; there is no registry. */
    public static GenericContainer<?> container(String image) {
        return new GenericContainer<>(DockerImageName.parse(image)).withImagePullPolicy(i -> false);
    }

    /**
     * A store container labelled the way an operator would label it: {@code snapdock.type}, its
     * compose project and service, plus {@code extraLabels}; ready once {@code readyLine} is logged.
     */
    public static GenericContainer<?> store(String image, String type, String project, String service,
                                            Map<String, String> extraLabels, int port, String readyLine,
                                            Duration startup) {
        return container(image)
                .withLabel("snapdock.type", type)
                .withLabel("com.docker.compose.project", project)
                .withLabel("com.docker.compose.service", service)
                .withLabels(extraLabels)
                .withExposedPorts(port)
                .waitingFor(Wait.forLogMessage(readyLine, 1).withStartupTimeout(startup));
    }
}
