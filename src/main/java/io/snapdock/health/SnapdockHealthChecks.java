package io.snapdock.health;

import io.snapdock.app.Snapdock;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/** Registers Snapdock's readiness checks next to Camel's own (context, routes, consumers). */
public final class SnapdockHealthChecks {

    private SnapdockHealthChecks() {
    }

    public static void register(CamelContext context, Snapdock snapdock) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        for (var check : new org.apache.camel.impl.health.AbstractHealthCheck[]{new DockerHealthCheck(snapdock),
                new RepositoryHealthCheck(snapdock), new BackupAgeHealthCheck(snapdock)}) {
            check.setCamelContext(context);
            registry.register(check);
        }
    }
}
