package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.discovery.Labels;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * Readiness: the Docker engine answers (Snapdock cannot find, dump or restart a store without it).
 * Not checked when discovery is off and no declared store lives in a container.
 */
public class DockerHealthCheck extends ReadinessCheck {


    public DockerHealthCheck(Snapdock snapdock) {
        super(snapdock, "snapdock-docker");
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        var config = snapdock.config();
        builder.detail("docker.host", config.get("snapdock.docker.host", "unix:///var/run/docker.sock"));
        boolean needed = config.getBoolean("snapdock.discovery.enabled", true)
                || config.declaredStores().stream().anyMatch(s -> config.get("snapdock.stores." + s + ".container") != null);
        if (!needed) {
            builder.detail("docker.used", false).up();
            return;
        }
        try {
            int labelled = snapdock.docker().runningWithLabel(Labels.TYPE, config.get("snapdock.compose-project")).size();
            builder.detail("docker.labelled-containers", labelled).up();
        } catch (SnapdockException e) {
            builder.message(e.getMessage()).down();
        }
    }
}
