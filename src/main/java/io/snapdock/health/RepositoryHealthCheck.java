package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness: the repository can be used (folder writable, bucket reachable, credentials accepted). */
public class RepositoryHealthCheck extends AbstractHealthCheck {

    private final Snapdock snapdock;

    public RepositoryHealthCheck(Snapdock snapdock) {
        super("snapdock", "snapdock-repository");
        this.snapdock = snapdock;
    }

    @Override
    public boolean isLiveness() {
        return false;
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
