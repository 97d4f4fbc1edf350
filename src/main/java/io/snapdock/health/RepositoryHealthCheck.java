package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/** Readiness: the repository can be used (folder writable, bucket reachable, credentials accepted). */
public class RepositoryHealthCheck extends ReadinessCheck {


    public RepositoryHealthCheck(Snapdock snapdock) {
        super(snapdock, "snapdock-repository");
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            var repository = snapdock.snapshots().repository();
            builder.detail("repository", repository.describe());
            repository.check();
            builder.up();
        } catch (SnapdockException e) {
            builder.message(e.getMessage()).down();
        }
    }
}
