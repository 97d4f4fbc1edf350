package io.snapdock.app;

import io.snapdock.config.ConfigCheck;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.health.SnapdockHealthChecks;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;

/**
 * What {@code serve} sets up, for the same routes run by Camel JBang ({@code camel run}): the
 * configuration (the packaged defaults, then the file named by the Camel property
 * {@code snapdock.config}, then the environment), the services and processors bound by name, and
 * the readiness checks. Named in {@code config/jbang.properties} as a configuration class.
 */
public class JBangSetup implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        String file = context.getPropertiesComponent().resolveProperty("snapdock.config").orElse(null);
        SnapdockConfig config = ConfigCheck.check(SnapdockConfig.load(file == null || file.isBlank() ? null : Path.of(file)),
                HandlerRegistry.defaults());
        // The schedules and retries of Snapdock's configuration win over jbang.properties, as they do for
        // `serve`; nothing else (no credential) is given to Camel. (The HTTP server is set up
        // before this runs: its port and host come from jbang.properties or --prop.)
        java.util.Properties camel = new java.util.Properties();
        config.resolved().forEach((k, v) -> {
            String key = (String) k;
            if (SnapdockApp.isRouteSetting(key)) {
                camel.put(key, v);
            }
        });
        context.getPropertiesComponent().setOverrideProperties(camel);
        Snapdock sd = SnapdockApp.bindServices(context.getRegistry()::bind, config);
        sd.writeThrough(context);
        SnapdockHealthChecks.register(context, sd);
        // The same access check as `serve`, in front of every HTTP request.
        io.snapdock.auth.HttpGuard.install(context, io.snapdock.auth.Tokens.from(config));
        context.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // camel-micrometer-prometheus has created the registry /observe/metrics serves by now.
                var registry = started.getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
                if (registry != null) {
                    sd.metrics().bindTo(registry);
                }
            }
        });
        // Closed with the context: the Docker connection, the repository, the run threads.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                sd.close();
            }
        });
    }
}
