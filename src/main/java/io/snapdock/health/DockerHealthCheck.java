package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.discovery.Labels;
import io.snapdock.docker.DockerConnection;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * Readiness: the Docker engine answers (Snapdock cannot find, dump or restart a store without it).
 * Not checked when discovery is off and no declared store lives in a container.
 */
public class DockerHealthCheck extends ReadinessCheck {

    private final DockerConnection docker;
    private final String composeProject;
    private final boolean needed;

    /** {@code needed}: discovery is on, or a declared store lives in a container. */
    public DockerHealthCheck(DockerConnection docker, String composeProject, boolean needed) {
        super("snapdock-docker");
        this.docker = docker;
        this.composeProject = composeProject;
        this.needed = needed;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("docker.host", docker.host());
        if (!needed) {
            builder.detail("docker.used", false).up();
            return;
        }
        try {
            int labelled = docker.gateway().runningWithLabel(Labels.TYPE, composeProject).size();
            builder.detail("docker.labelled-containers", labelled).up();
        } catch (SnapdockException e) {
            builder.message(e.getMessage()).down();
        }
    }
}
