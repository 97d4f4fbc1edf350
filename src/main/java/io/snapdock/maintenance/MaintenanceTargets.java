package io.snapdock.maintenance;

import io.snapdock.docker.DockerConnection;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.LocalRunner;

import javax.sql.DataSource;

/**
 * The maintenance targets as configured (read and checked at start-up), a pooled connection to
 * each, and where each one's tools (pg_repack) run: inside its container, or locally.
 */
public final class MaintenanceTargets implements AutoCloseable {

    private final MaintenanceSettings settings;
    private final DockerConnection docker;
    private final TargetPools pools = new TargetPools();

    public MaintenanceTargets(MaintenanceSettings settings, DockerConnection docker) {
        this.settings = settings;
        this.docker = docker;
    }

    public MaintenanceSettings settings() {
        return settings;
    }

    public DataSource dataSource(MaintenanceTarget target) {
        return pools.get(target, settings.connectTimeout());
    }

    /** Where pg_repack runs for {@code target}: in its container (the client matches the server's extension), or here. */
    public CommandRunner runner(MaintenanceTarget target) {
        if (target.container() != null) {
            return docker.gateway().exec(target.container(), target.container(), "postgres");
        }
        return new LocalRunner();
    }

    @Override
    public void close() {
        pools.close();
    }
}
