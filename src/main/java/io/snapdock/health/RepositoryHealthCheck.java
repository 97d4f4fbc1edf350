package io.snapdock.health;

import io.snapdock.SnapdockException;
import io.snapdock.repo.snapshot.RepositoryViews;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/** Readiness: the repository can be used (folder writable, bucket reachable, credentials accepted). */
public class RepositoryHealthCheck extends ReadinessCheck {

    private final RepositoryViews repositories;

    public RepositoryHealthCheck(RepositoryViews repositories) {
        super("snapdock-repository");
        this.repositories = repositories;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            var repository = repositories.primary().repository();
            builder.detail("repository", repository.describe());
            repository.check();
            builder.up();
        } catch (SnapdockException e) {
            builder.message(e.getMessage()).down();
        }
    }
}
