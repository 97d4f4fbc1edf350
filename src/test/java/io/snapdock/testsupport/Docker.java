package io.snapdock.testsupport;

import org.testcontainers.DockerClientFactory;

/** Direct looks at container state, to see what Snapdock stopped and started. */
public final class Docker {

    private Docker() {
    }

    public static boolean running(String containerId) {
        Boolean r = DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec().getState()
                .getRunning();
        return Boolean.TRUE.equals(r);
    }

    /** When the container was last started: changes whenever it was stopped and started. */
    public static String startedAt(String containerId) {
        return DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec().getState()
                .getStartedAt();
    }
}
