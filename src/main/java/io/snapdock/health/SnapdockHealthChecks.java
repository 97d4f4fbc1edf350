package io.snapdock.health;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/** Registers Snapdock's readiness checks next to Camel's own (context, routes, consumers). */
public final class SnapdockHealthChecks {

    private SnapdockHealthChecks() {
    }

    public static void register(CamelContext context, org.apache.camel.impl.health.AbstractHealthCheck... checks) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        for (var check : checks) {
            check.setCamelContext(context);
            registry.register(check);
        }
    }
}
